using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portico.Tests.Infrastructure;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Verification;

namespace Portico.Tests.Verification;

/// <summary>A portal whose DNS resolver (<c>Portico:Dns:Servers</c>) is a dnsmasq server of its own on loopback.</summary>
public sealed class DnsPortalFactory : PortalFactory
{
    public DnsPortalFactory()
    {
        Settings["Portico:DemoData"] = "true";
        Settings["Portico:Dns:Servers:0"] = Dns.Endpoint;
        Settings["Portico:Dns:TimeoutSeconds"] = "1";
    }

    public DnsServer Dns { get; } = new();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Dns.Dispose();
        }
    }
}

/// <summary>Employment/domain verification against a real DNS server (dnsmasq on loopback) serving TXT records.</summary>
public sealed class DnsVerificationTests(DnsPortalFactory factory) : IClassFixture<DnsPortalFactory>
{
    private static async Task<JsonElement> DomainCheckAsync(HttpClient client, Guid orgId)
    {
        var body = await (await client.GetAsync($"/api/v1/orgs/{orgId}/verification", ApiClient.Ct)).JsonAsync();
        return body.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("check").GetString() == "domain");
    }

    private static async Task<(string Name, string Value)> IssueAsync(HttpClient client, Guid orgId, string domain)
    {
        var response = await client.PostJsonAsync($"/api/v1/orgs/{orgId}/verification/checks/domain/record", new { domain });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var record = (await DomainCheckAsync(client, orgId)).GetProperty("domain");
        return (record.GetProperty("recordName").GetString()!, record.GetProperty("recordValue").GetString()!);
    }

    private static string NewDomain() => $"acme-{Guid.NewGuid():N}"[..17] + ".example";

    [Fact]
    public async Task DomainRecord_PublishedInDns_AcceptsCheckAndAddsDomain()
    {
        var org = await factory.NewOrganizationAsync();
        var domain = NewDomain();
        var (name, value) = await IssueAsync(org.Admin, org.Id, domain);
        Assert.Equal(domain, name);
        Assert.StartsWith("portico-verification=", value, StringComparison.Ordinal);

        await factory.Dns.ServeAsync((name, "v=spf1 -all"), (name, value));
        var response = await org.Admin.PostAsync($"/api/v1/orgs/{org.Id}/verification/checks/domain/lookup", null, ApiClient.Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Accepted", (await DomainCheckAsync(org.Admin, org.Id)).GetProperty("status").GetString());
        Assert.True(await factory.WithDbAsync(db => db.OrganizationDomains.AnyAsync(d => d.OrganizationId == org.Id && d.Domain == domain, ApiClient.Ct)));
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(e => e.TargetOrganizationId == org.Id && e.Type == AuditEventType.VerificationDomainConfirmed, ApiClient.Ct)));
    }

    [Fact]
    public async Task DomainRecord_WrongValueInDns_Answers422AndChangesNothing()
    {
        var org = await factory.NewOrganizationAsync();
        var (name, value) = await IssueAsync(org.Admin, org.Id, NewDomain());
        await factory.Dns.ServeAsync((name, value + "x"), (name, "portico-verification=someone-elses-token"));
        var before = await factory.CountsAsync();

        var response = await org.Admin.PostAsync($"/api/v1/orgs/{org.Id}/verification/checks/domain/lookup", null, ApiClient.Ct);

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "dns_record_mismatch");
        Assert.Equal(before, await factory.CountsAsync());
        Assert.Equal("NotStarted", (await DomainCheckAsync(org.Admin, org.Id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task DomainRecord_NoRecordAtAll_Answers422()
    {
        var org = await factory.NewOrganizationAsync();
        var (name, _) = await IssueAsync(org.Admin, org.Id, NewDomain());
        await factory.Dns.ServeAsync(("other-" + name, "unrelated"));

        var response = await org.Admin.PostAsync($"/api/v1/orgs/{org.Id}/verification/checks/domain/lookup", null, ApiClient.Ct);

        await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "dns_record_mismatch");
    }

    [Fact]
    public async Task DomainRecord_ResolverDown_Answers503AndChangesNothing()
    {
        var org = await factory.NewOrganizationAsync();
        await IssueAsync(org.Admin, org.Id, NewDomain());
        factory.Dns.Stop();
        var before = await factory.CountsAsync();

        var response = await org.Admin.PostAsync($"/api/v1/orgs/{org.Id}/verification/checks/domain/lookup", null, ApiClient.Ct);

        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "dns_unavailable");
        Assert.Equal(before, await factory.CountsAsync());
    }

    [Fact]
    public async Task DomainLookup_BeforeARecordWasIssued_Answers409()
    {
        var org = await factory.NewOrganizationAsync();

        var response = await org.Admin.PostAsync($"/api/v1/orgs/{org.Id}/verification/checks/domain/lookup", null, ApiClient.Ct);

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "dns_record_not_issued");
    }

    [Theory]
    [InlineData("not a domain", "domain:invalid_domain")]
    [InlineData("localhost", "domain:invalid_domain")]
    [InlineData("-bad-.example", "domain:invalid_domain")]
    [InlineData("", "domain:required")]
    public async Task DomainRecord_InvalidDomain_Answers400(string domain, string expected)
    {
        var org = await factory.NewOrganizationAsync();

        var problem = await (await org.Admin.PostJsonAsync($"/api/v1/orgs/{org.Id}/verification/checks/domain/record", new { domain }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Contains(expected, problem.FieldErrors());
    }

    [Fact]
    public async Task DomainRecord_FreeMailDomain_IsRefused()
    {
        var org = await factory.NewOrganizationAsync();

        await (await org.Admin.PostJsonAsync($"/api/v1/orgs/{org.Id}/verification/checks/domain/record", new { domain = "gmail.com" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "personal_email_domain");
    }

    [Fact]
    public async Task DnsTxtLookup_AgainstDnsmasq_ReturnsTheServedRecords()
    {
        await factory.Dns.ServeAsync(("records.example", "first"), ("records.example", "second value"));
        var lookup = new DnsTxtLookup(Microsoft.Extensions.Options.Options.Create(new DnsOptions { Servers = [factory.Dns.Endpoint] }));

        var found = await lookup.LookupAsync("records.example", ApiClient.Ct);
        var missing = await lookup.LookupAsync("absent.records.example", ApiClient.Ct);

        Assert.False(found.ResolverFailed);
        Assert.Equal(["first", "second value"], found.Records.Order(StringComparer.Ordinal));
        Assert.False(missing.ResolverFailed);
        Assert.Empty(missing.Records);
    }
}
