import { describe, expect, it } from "vitest";
import { hostKind, webhookUrlProblem } from "./webhook-url.ts";

describe("webhookUrlProblem: the SSRF rule", () => {
  it("accepts https to a public host", () => {
    expect(webhookUrlProblem("https://hooks.example.com/openai", false)).toBeNull();
    expect(webhookUrlProblem("https://93.184.216.34:8443/x", false)).toBeNull();
    expect(webhookUrlProblem("https://[2606:4700::1111]/x", false)).toBeNull();
    expect(webhookUrlProblem("https://[2002:5db8:d822::1]/x", false)).toBeNull(); // 6to4 of a public address
  });

  it("refuses http, credentials and anything that is not a URL", () => {
    expect(webhookUrlProblem("http://hooks.example.com/", false)).toContain("https:");
    expect(webhookUrlProblem("https://user:pw@hooks.example.com/", false)).toContain("credentials");
    expect(webhookUrlProblem("not a url", false)).toContain("not a URL");
  });

  it("refuses loopback, private and link-local literals however they are spelled, and local-only names", () => {
    const refused = [
      "https://localhost/",
      "https://LOCALHOST./",
      "https://api.localhost/",
      "https://127.0.0.1/",
      "https://127.1.2.3/",
      "https://2130706433/", // 127.0.0.1 as one number
      "https://0x7f.1/", // and in hex
      "https://[::1]/",
      "https://[::ffff:127.0.0.1]/",
      "https://[::ffff:10.0.0.1]/",
      "https://[::10.0.0.1]/", // IPv4-compatible
      "https://[64:ff9b::a9fe:a9fe]/", // NAT64 of 169.254.169.254
      "https://[2002:c0a8:101::1]/", // 6to4 of 192.168.1.1
      "https://10.1.2.3/",
      "https://172.16.0.1/",
      "https://172.31.255.255/",
      "https://192.168.1.1/",
      "https://169.254.169.254/latest/meta-data",
      "https://100.64.0.1/",
      "https://0.0.0.0/",
      "https://[fd00::1]/",
      "https://[fe80::1]/",
      "https://[::]/",
      "https://printer.local/",
      "https://db.internal/",
    ];
    for (const url of refused) expect(webhookUrlProblem(url, false), url).not.toBeNull();
    // The edges of the private ranges are public.
    expect(webhookUrlProblem("https://172.32.0.1/", false)).toBeNull();
    expect(webhookUrlProblem("https://11.0.0.1/", false)).toBeNull();
    expect(webhookUrlProblem("https://internal.example.com/", false)).toBeNull();
  });

  it("WEBHOOK_ALLOW_LOOPBACK lets http and https reach loopback, and nothing else private", () => {
    expect(webhookUrlProblem("http://127.0.0.1:8123/hook", true)).toBeNull();
    expect(webhookUrlProblem("http://localhost:8123/hook", true)).toBeNull();
    expect(webhookUrlProblem("https://[::1]:8123/hook", true)).toBeNull();
    expect(webhookUrlProblem("http://10.0.0.1/", true)).not.toBeNull();
    expect(webhookUrlProblem("https://192.168.1.1/", true)).not.toBeNull();
    expect(webhookUrlProblem("http://hooks.example.com/", true)).toContain("https:");
  });

  it("classifies hosts", () => {
    expect(hostKind("127.0.0.1")).toBe("loopback");
    expect(hostKind("[::ffff:7f00:1]")).toBe("loopback");
    expect(hostKind("192.168.0.1")).toBe("private");
    expect(hostKind("example.com")).toBe("public");
  });
});
