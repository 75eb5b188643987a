using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Portico.Tests.Infrastructure;
using Portico.Web.Data;

namespace Portico.Tests.Organizations;

public sealed partial class OrganizationApiTests : IClassFixture<DemoPortalFactory>
{
    private const string Contoso = "Contoso Cloud Solutions";
    private const string Northwind = "Northwind Distribution";
    private readonly DemoPortalFactory factory;

    public OrganizationApiTests(DemoPortalFactory factory) => this.factory = factory;

    private async Task<HttpClient> AsAsync(string email, string? kind = null) =>
        factory.ApiClientFor(await factory.CreateClient().SignInAsync(email, DemoData.Password, kind));

    [Fact]
    public async Task GetOrganization_OwnOrganization_ReturnsProfile()
    {
        var contoso = await factory.OrganizationIdAsync(Contoso);
        var client = await AsAsync("taylor.tanaka@contoso.example", "Work");

        var response = await client.GetAsync($"/api/v1/orgs/{contoso}", ApiClient.Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var org = await response.JsonAsync();
        Assert.Equal(contoso, org.GetProperty("id").GetGuid());
        Assert.Matches(PartnerIdRegex(), org.GetProperty("partnerId").GetString());
        Assert.Equal("Direct", org.GetProperty("type").GetString());
        Assert.Contains("contoso.example", org.GetProperty("domains").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(2, org.GetProperty("locations").GetArrayLength());
        Assert.All(org.GetProperty("locations").EnumerateArray(), l => Assert.Matches(PartnerIdRegex(), l.GetProperty("partnerId").GetString()));
    }

    [Fact]
    public async Task GetOrganization_OtherOrganization_IsForbidden()
    {
        var northwind = await factory.OrganizationIdAsync(Northwind);
        var client = await AsAsync("alex.johnson@contoso.example");

        var response = await client.GetAsync($"/api/v1/orgs/{northwind}", ApiClient.Ct);

        await response.AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.DoesNotContain(Northwind, await response.Content.ReadAsStringAsync(ApiClient.Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetOrganization_UnknownId_AnswersLikeAnotherTenant()
    {
        var client = await AsAsync("alex.johnson@contoso.example");
        var other = await client.GetAsync($"/api/v1/orgs/{await factory.OrganizationIdAsync(Northwind)}", ApiClient.Ct);

        var unknown = await client.GetAsync($"/api/v1/orgs/{Guid.CreateVersion7()}", ApiClient.Ct);

        Assert.Equal(other.StatusCode, unknown.StatusCode);
        Assert.Equal(await other.Content.ReadAsStringAsync(ApiClient.Ct), await unknown.Content.ReadAsStringAsync(ApiClient.Ct));
    }

    [Fact]
    public async Task GetOrganization_PersonalAccountWithSameEmail_IsForbidden()
    {
        var contoso = await factory.OrganizationIdAsync(Contoso);
        var client = await AsAsync(DemoData.SharedEmail, "Personal");

        await (await client.GetAsync($"/api/v1/orgs/{contoso}", ApiClient.Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task GetOrganization_Anonymous_Answers401()
    {
        var contoso = await factory.OrganizationIdAsync(Contoso);

        await (await factory.CreateClient().GetAsync($"/api/v1/orgs/{contoso}", ApiClient.Ct)).AssertProblemAsync(HttpStatusCode.Unauthorized, "authentication_required");
    }

    [Fact]
    public async Task ListAudit_GlobalAdmin_PagesThroughSignInsWithKeysetCursor()
    {
        var contoso = await factory.OrganizationIdAsync(Contoso);
        var client = await AsAsync("alex.johnson@contoso.example");
        var sam = await factory.AccountAsync("sam.lee@contoso.example");

        // Note: other tests of this class sign in as Sam too; count only this test's sign-ins.
        var before = (await (await client.GetAsync($"/api/v1/orgs/{contoso}/audit?type=SignInSucceeded&limit=200", ApiClient.Ct)).JsonAsync())
            .GetProperty("items").EnumerateArray().Count(r => r.GetProperty("targetAccountId").GetGuid() == sam.Id);
        for (var i = 0; i < 3; i++)
        {
            await factory.CreateClient().SignInAsync("sam.lee@contoso.example", DemoData.Password);
        }

        var all = await (await client.GetAsync($"/api/v1/orgs/{contoso}/audit?limit=200", ApiClient.Ct)).JsonAsync();
        var total = all.GetProperty("items").GetArrayLength();
        Assert.Equal(JsonValueKind.Null, all.TryGetProperty("nextCursor", out var none) ? none.ValueKind : JsonValueKind.Null);

        var seen = new List<long>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var response = await client.GetAsync($"/api/v1/orgs/{contoso}/audit?limit=4" + (cursor is null ? "" : $"&cursor={cursor}"), ApiClient.Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await response.JsonAsync();
            var items = page.GetProperty("items").EnumerateArray().ToList();
            Assert.InRange(items.Count, 1, 4);
            seen.AddRange(items.Select(e => e.GetProperty("sequence").GetInt64()));
            cursor = page.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
            pages++;
        }
        while (cursor is not null && pages < 100);

        Assert.Equal(total, seen.Count);
        Assert.Equal(seen.OrderDescending(), seen);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.True(pages >= 2);

        var signIns = await (await client.GetAsync($"/api/v1/orgs/{contoso}/audit?type=SignInSucceeded&limit=200", ApiClient.Ct)).JsonAsync();
        var rows = signIns.GetProperty("items").EnumerateArray().ToList();
        Assert.True(rows.Count >= 4);
        Assert.All(rows, r => Assert.Equal("SignInSucceeded", r.GetProperty("type").GetString()));
        Assert.Equal(before + 3, rows.Count(r => r.GetProperty("targetAccountId").GetGuid() == sam.Id));
    }

    [Fact]
    public async Task ListAudit_FromAndTo_FilterByTime()
    {
        var contoso = await factory.OrganizationIdAsync(Contoso);
        var client = await AsAsync("alex.johnson@contoso.example");
        var now = factory.Time.GetUtcNow().UtcDateTime;
        string At(DateTime t) => Uri.EscapeDataString(t.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
        async Task<int> CountAsync(string query)
        {
            var response = await client.GetAsync($"/api/v1/orgs/{contoso}/audit?limit=200&{query}", ApiClient.Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(ApiClient.Ct));
            return (await response.JsonAsync()).GetProperty("items").GetArrayLength();
        }

        var all = await CountAsync("");

        Assert.True(all > 0);
        Assert.Equal(all, await CountAsync($"from={At(now.AddSeconds(-1))}&to={At(now.AddSeconds(1))}"));
        Assert.Equal(0, await CountAsync($"from={At(now.AddSeconds(1))}"));
        Assert.Equal(0, await CountAsync($"to={At(now)}"));
    }

    [Fact]
    public async Task ListAudit_OnlyOwnOrganizationsChain()
    {
        var contoso = await factory.OrganizationIdAsync(Contoso);
        await factory.CreateClient().SignInAsync("nora.admin@northwind.example", DemoData.Password);
        var nora = await factory.AccountAsync("nora.admin@northwind.example");
        var client = await AsAsync("alex.johnson@contoso.example");

        var items = (await (await client.GetAsync($"/api/v1/orgs/{contoso}/audit?limit=200", ApiClient.Ct)).JsonAsync()).GetProperty("items").EnumerateArray();

        Assert.DoesNotContain(items, e => e.TryGetProperty("targetAccountId", out var t) && t.ValueKind == JsonValueKind.String && t.GetGuid() == nora.Id);
    }

    [Theory]
    [InlineData("sam.lee@contoso.example", null)]
    [InlineData("mika.yamada@contoso.example", null)]
    [InlineData("nora.admin@northwind.example", null)]
    [InlineData(DemoData.SharedEmail, "Personal")]
    [InlineData("olivia.ops@portico.example", null)]
    public async Task ListAudit_NotContososGlobalAdmin_IsForbidden(string email, string? kind)
    {
        var contoso = await factory.OrganizationIdAsync(Contoso);
        var client = await AsAsync(email, kind);

        await (await client.GetAsync($"/api/v1/orgs/{contoso}/audit", ApiClient.Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task ListAudit_Anonymous_Answers401()
    {
        var contoso = await factory.OrganizationIdAsync(Contoso);

        var response = await factory.CreateClient().GetAsync($"/api/v1/orgs/{contoso}/audit", ApiClient.Ct);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "authentication_required");
    }

    [Fact]
    public async Task AuditTrail_AfterRightAndWrongPasswords_NeverHoldsAPassword()
    {
        const string wrong = "my-wrong-secret-Password-93";
        var client = factory.CreateClient();
        await client.PostSessionAsync("alex.johnson@contoso.example", wrong);
        await client.PostSessionAsync("alex.johnson@contoso.example", DemoData.Password);
        await client.PostSessionAsync("nobody@contoso.example", wrong);
        await client.PostSessionAsync(DemoData.SharedEmail, DemoData.Password);

        var details = await factory.WithDbAsync(db => db.AuditEvents.Select(e => e.Details ?? "").ToListAsync(ApiClient.Ct));
        var api = await (await (await AsAsync("alex.johnson@contoso.example")).GetAsync($"/api/v1/orgs/{await factory.OrganizationIdAsync(Contoso)}/audit?limit=200", ApiClient.Ct)).Content.ReadAsStringAsync(ApiClient.Ct);

        Assert.NotEmpty(details);
        foreach (var secret in new[] { wrong, DemoData.Password })
        {
            Assert.DoesNotContain(details, d => d.Contains(secret, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(secret, api, StringComparison.OrdinalIgnoreCase);
        }
    }

    [GeneratedRegex("^[0-9]{7}$")]
    private static partial Regex PartnerIdRegex();
}
