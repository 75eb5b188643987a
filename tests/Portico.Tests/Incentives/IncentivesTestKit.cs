using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portico.Tests.Infrastructure;
using Portico.Tests.Referrals;
using Portico.Tests.Relationships;
using Portico.Web.Features.Accounts;
using Portico.Web.Features.Incentives;

namespace Portico.Tests.Incentives;

/// <summary>Sign-ins and arrangements shared by the Incentives tests (demo data: earnings at Contoso).</summary>
public static class IncentivesTestKit
{
    public const string Jordan = IncentivesDemoData.Admin;
    public const string Riley = "riley.new@contoso.example";
    public const string Alex = "alex.johnson@contoso.example";
    public const string Sam = "sam.lee@contoso.example";
    public const string Nora = "nora.admin@northwind.example";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>An API client signed in as <paramref name="email"/>; Riley's temporary password is set aside first.</summary>
    public static async Task<HttpClient> IncentivesClientAsync(this PortalFactory factory, string email, string password = Portico.Web.Data.DemoData.Password)
    {
        if (email == Riley)
        {
            await factory.UpdateAccountAsync(Riley, a => a.MustChangePassword = false);
        }

        return await factory.ReferralsClientAsync(email, password);
    }

    /// <summary>An API client of a new Contoso account holding <paramref name="role"/> at <paramref name="location"/> (org-wide when null).</summary>
    public static async Task<(HttpClient Client, Account Account)> ScopedClientAsync(this PortalFactory factory, string role, string? location, string? extraRole = null)
    {
        var contoso = await factory.ContosoAsync();
        Guid? locationId = location is null ? null : await factory.LocationIdAsync(contoso, location);
        var account = await factory.ContosoAccountAsync(role, locationId, $"{role} {location ?? "Org"}");
        if (extraRole is not null)
        {
            await factory.WithDbAsync(async db =>
            {
                db.RoleAssignments.Add(new RoleAssignment { AccountId = account.Id, OrganizationId = contoso, Role = extraRole, AssignedUtc = DateTime.UtcNow });
                return await db.SaveChangesAsync(Ct);
            });
        }

        return (await factory.ReferralsClientAsync(account.Email!, Builders.GoodPassword), account);
    }

    public static string Earnings(Guid contoso) => $"/api/v1/orgs/{contoso}/earnings";

    /// <summary>The demo line of <paramref name="lever"/> at <paramref name="location"/> (null: organization-wide) with <paramref name="status"/>.</summary>
    public static Task<EarningLine> DemoLineAsync(this PortalFactory factory, string lever, string? location, EarningStatus status) =>
        factory.WithDbAsync(async db =>
        {
            var lines = await db.EarningLines.AsNoTracking().Where(e => e.Lever == lever && e.Status == status).ToListAsync(Ct);
            var locations = await db.Locations.AsNoTracking().ToDictionaryAsync(l => l.Id, l => l.Name, Ct);
            return lines.Where(e => (e.LocationId is { } l ? locations[l] : null) == location).OrderByDescending(e => e.Period).First();
        });

    public static Task<Guid> DemoDisputeIdAsync(this PortalFactory factory) =>
        factory.WithDbAsync(db => db.EarningDisputes.Where(d => d.Comments.Any(c => EF.Functions.Like(c.Body, "We activated 212%"))).Select(d => d.Id).SingleAsync(Ct));

    /// <summary>Lines, disputes (status, version), comments and audit rows: what a refused request must leave unchanged.</summary>
    public static Task<string> IncentivesStateAsync(this PortalFactory factory) =>
        factory.WithDbAsync(async db =>
            string.Join(",", await db.EarningLines.OrderBy(e => e.Id).Select(e => e.Id.ToString() + e.Status + e.AmountMinor).ToListAsync(Ct))
            + ";" + string.Join(",", await db.EarningDisputes.OrderBy(d => d.Id).Select(d => d.Id.ToString() + d.Status + d.Version).ToListAsync(Ct))
            + ";" + await db.EarningDisputeComments.CountAsync(Ct)
            + ";" + await db.AuditEvents.CountAsync(Ct));

    public static async Task<JsonElement> OkJsonAsync(this HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
        return await response.JsonAsync();
    }

    public static Task<HttpResponseMessage> OpenDisputeAsync(this HttpClient client, Guid contoso, Guid lineId, string? reason = "AmountIncorrect", string? comment = "The amount is lower than the seats we activated.") =>
        client.PostAsJsonAsync($"{Earnings(contoso)}/{lineId}/disputes", new { reason, comment }, Ct);
}
