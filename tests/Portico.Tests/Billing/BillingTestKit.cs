using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portico.Tests.Infrastructure;

namespace Portico.Tests.Billing;

/// <summary>Sign-ins and arrangements shared by the Billing tests (demo data: Contoso's billing profile and four invoices).</summary>
public static class BillingTestKit
{
    public const string Sam = "sam.lee@contoso.example";
    public const string Alex = "alex.johnson@contoso.example";
    public const string Jordan = "jordan.rivera@contoso.example";
    public const string Ken = "ken.sato@northwind.example";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static string Invoices(Guid org) => $"/api/v1/orgs/{org}/invoices";

    public static string Profile(Guid org) => $"/api/v1/orgs/{org}/billing-profile";

    /// <summary>A complete, valid profile body; <paramref name="changes"/> overrides fields.</summary>
    public static Dictionary<string, object?> ProfileBody(Guid? version, params (string Field, object? Value)[] changes)
    {
        var body = new Dictionary<string, object?>
        {
            ["contactName"] = "Sam Lee", ["contactEmail"] = "billing@contoso.example", ["legalName"] = "Contoso Cloud Solutions LLC",
            ["addressLine1"] = "1 Microsoft Way", ["addressLine2"] = "Building 92", ["city"] = "Redmond", ["postalCode"] = "98052",
            ["country"] = "US", ["purchaseOrder"] = "PO-2026-0415", ["taxId"] = "91-1234567", ["version"] = version,
        };
        foreach (var (field, value) in changes)
        {
            body[field] = value;
        }

        return body;
    }

    public static async Task<Guid> VersionAsync(this HttpClient client, Guid org)
    {
        var response = await client.GetAsync(Profile(org), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("version").GetGuid();
    }

    public static Task<HttpResponseMessage> PutProfileAsync(this HttpClient client, Guid org, Dictionary<string, object?> body) =>
        client.PutAsJsonAsync(Profile(org), body, Ct);

    /// <summary>Invoices, lines, profiles (with version) and audit rows: what a refused request must leave unchanged.</summary>
    public static Task<string> BillingStateAsync(this PortalFactory factory) =>
        factory.WithDbAsync(async db =>
            string.Join(",", await db.Invoices.OrderBy(i => i.Id).Select(i => i.Id.ToString() + i.TotalMinor + i.PaidOn).ToListAsync(Ct))
            + ";" + await db.InvoiceLines.CountAsync(Ct)
            + ";" + string.Join(",", await db.BillingProfiles.OrderBy(p => p.OrganizationId).Select(p => p.OrganizationId.ToString() + p.Version + p.ContactName + p.TaxId).ToListAsync(Ct))
            + ";" + await db.AuditEvents.CountAsync(Ct));

    public static List<JsonElement> Items(JsonElement page) => [.. page.GetProperty("items").EnumerateArray()];
}
