using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Portico.Tests.Infrastructure;
using Portico.Web.Features.Marketplace.Payouts;

namespace Portico.Tests.Payouts;

/// <summary>Sign-ins and arrangements shared by the payouts tests (demo data: six statements at Contoso, no payout account).</summary>
public static class PayoutsTestKit
{
    public const string Devon = "devon.park@contoso.example";
    public const string Casey = PayoutsDemoData.FinancialContributor;
    public const string Alex = "alex.johnson@contoso.example";
    public const string Nora = "nora.admin@northwind.example";
    public const string FullNumber = "DE89370400440532013000";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static string PayoutsUrl(Guid orgId) => $"/api/v1/orgs/{orgId}/payouts";

    public static string AccountUrl(Guid orgId) => $"/api/v1/orgs/{orgId}/payout-account";

    public static object AccountBody(Guid? version = null, string number = FullNumber, string holder = "Contoso Cloud Solutions LLC") =>
        new { holderName = holder, bankCountry = "DE", accountNumber = number, currency = "EUR", taxForm = "Submitted", version };

    public static Task<HttpResponseMessage> PutAccountAsync(this HttpClient client, Guid orgId, object body) =>
        client.PutAsJsonAsync(AccountUrl(orgId), body, Ct);

    public static Task<HttpResponseMessage> PutRawAsync(this HttpClient client, string path, string body)
    {
        var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        return client.PutAsync(path, content, Ct);
    }

    /// <summary>Statements, the account (with its version) and audit rows: what a refused request must leave unchanged.</summary>
    public static Task<(int Statements, int Audit, string Account)> PayoutStateAsync(this PortalFactory factory) =>
        factory.WithDbAsync(async db => (
            await db.PayoutStatements.CountAsync(Ct),
            await db.AuditEvents.CountAsync(Ct),
            string.Join(",", await db.PayoutAccounts.Select(a => a.HolderName + a.AccountNumber + a.Version).ToListAsync(Ct))));
}
