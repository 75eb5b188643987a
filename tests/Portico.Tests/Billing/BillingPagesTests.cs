using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Portico.Tests.Infrastructure;
using Portico.Tests.Pages;
using Portico.Tests.Relationships;
using Portico.Web.Data;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Billing;
using static Portico.Tests.Billing.BillingTestKit;

namespace Portico.Tests.Billing;

/// <summary>The Billing pages driven like a browser without JavaScript, and the area's strings in both languages.</summary>
public sealed partial class BillingPagesTests(DemoPortalFactory factory) : IClassFixture<DemoPortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<PageClient> SignedInAsync(string email, string language = "en-US", bool mfa = true)
    {
        var client = new PageClient(factory);
        client.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        await client.SignInAsync(email, DemoData.Password);
        if (mfa)
        {
            await factory.MarkMfaAsync(email);
        }

        return client;
    }

    [Fact]
    public async Task BillingPage_AsBillingAdmin_ShowsInvoicesProfileAndMenuEntry()
    {
        var sam = await SignedInAsync(Sam);

        var page = await sam.GetAsync("/Billing");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("href=\"/Billing\"", sam.LastHtml, StringComparison.Ordinal);
        Assert.Contains(BillingDemoData.NumberPrefix + "-", sam.LastHtml, StringComparison.Ordinal);
        Assert.Contains("Overdue", sam.LastHtml, StringComparison.Ordinal);
        Assert.Contains("Paid", sam.LastHtml, StringComparison.Ordinal);
        Assert.Contains("USD", sam.LastHtml, StringComparison.Ordinal);
        Assert.Contains("Contoso Cloud Solutions LLC", sam.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BillingPage_StatusFilter_ShowsOnlyThatStatus()
    {
        var sam = await SignedInAsync(Sam);
        var overdue = await factory.WithDbAsync(db => db.Invoices.Where(i => i.PaidOn == null).OrderBy(i => i.DueOn).Select(i => i.Number).FirstAsync(Ct));
        var paid = await factory.WithDbAsync(db => db.Invoices.Where(i => i.PaidOn != null).Select(i => i.Number).ToListAsync(Ct));

        await sam.GetAsync("/Billing?status=Overdue");

        Assert.Contains(overdue, sam.LastHtml, StringComparison.Ordinal);
        Assert.All(paid, n => Assert.DoesNotContain(n, sam.LastHtml, StringComparison.Ordinal));
    }

    [Fact]
    public async Task InvoicePage_ShowsLinesAndCsvLink_AndAnotherOrganizationsInvoiceIs404()
    {
        var sam = await SignedInAsync(Sam);
        var contoso = await factory.ContosoAsync();
        var invoice = await factory.WithDbAsync(db => db.Invoices.Where(i => i.OrganizationId == contoso).FirstAsync(Ct));

        var shown = await sam.GetAsync($"/Billing/Invoice/{invoice.Id}");

        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.Contains(invoice.Number, sam.LastHtml, StringComparison.Ordinal);
        Assert.Contains("Microsoft Defender for Business", sam.LastHtml, StringComparison.Ordinal);
        Assert.Contains($"href=\"/api/v1/orgs/{contoso}/invoices/{invoice.Id}.csv\"", sam.LastHtml, StringComparison.Ordinal);

        var ken = await SignedInAsync(Ken);
        Assert.Equal(HttpStatusCode.NotFound, (await ken.GetAsync($"/Billing/Invoice/{invoice.Id}")).StatusCode);
    }

    [Fact]
    public async Task BillingPage_SavesTheProfileThroughItsForm_AndAuditsIt()
    {
        var sam = await SignedInAsync(Sam);
        await sam.GetAsync("/Billing");
        var form = Html.FormWith(sam.LastHtml, "Input.City");

        var saved = await sam.Http.PostAsync(form.Action ?? "/Billing", form.Submit(("Input.PostalCode", "98004"), ("Input.Country", "us")), Ct);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var contoso = await factory.ContosoAsync();
        var profile = await factory.WithDbAsync(db => db.BillingProfiles.AsNoTracking().SingleAsync(p => p.OrganizationId == contoso, Ct));
        Assert.Equal(("98004", "US"), (profile.PostalCode, profile.Country));
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(e => e.Type == AuditEventType.BillingProfileUpdated && e.Details!.Contains("postalCode"), Ct)));
        await sam.GetAsync("/Billing");
        Assert.Contains("Billing profile saved.", sam.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BillingPage_WithABadField_ShowsTheError_AndWritesNothing()
    {
        var sam = await SignedInAsync(Sam);
        await sam.GetAsync("/Billing");
        var form = Html.FormWith(sam.LastHtml, "Input.City");
        var before = await factory.BillingStateAsync();

        var response = await sam.Http.PostAsync(form.Action ?? "/Billing", form.Submit(("Input.ContactEmail", "nobody"), ("Input.City", "")), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("City: This field is required.", html, StringComparison.Ordinal);
        Assert.Contains("Billing contact work email:", html, StringComparison.Ordinal);
        Assert.Equal(before, await factory.BillingStateAsync());
    }

    [Fact]
    public async Task BillingPage_InJapanese_ShowsJapaneseLabels()
    {
        var sam = await SignedInAsync(Sam, "ja-JP");

        await sam.GetAsync("/Billing");

        Assert.Contains("請求プロファイル", sam.LastHtml, StringComparison.Ordinal);
        Assert.Contains("期限超過", sam.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BillingPage_ForAccountWithoutBillingRole_IsDeniedWithTheExplanation()
    {
        var jordan = await SignedInAsync(Jordan);

        var denied = await jordan.GetAsync("/Billing");

        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.StartsWith("/AccessDenied", denied.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryBillingString_ExistsInEnglishAndJapanese()
    {
        var root = AppContext.BaseDirectory;
        while (!Directory.Exists(Path.Combine(root, "src", "Portico.Web")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("repository root not found");
        }

        var folder = Path.Combine(root, "src", "Portico.Web", "Features", "Billing");
        var used = Directory.GetFiles(folder, "*.cshtml").Concat(Directory.GetFiles(folder, "*.cs"))
            .SelectMany(f => KeyPattern().Matches(File.ReadAllText(f)).Select(m => m.Groups["key"].Value))
            .Where(k => !k.EndsWith('.'))
            .ToHashSet();
        var keys = used
            .Concat(typeof(BillingErrors).GetFields().Select(f => "Error." + f.GetValue(null)))
            .Concat(Enum.GetNames<InvoiceStatus>().Select(s => "InvoiceStatus." + s))
            .Concat(Enum.GetValues<AuditEventType>().Where(t => (int)t is >= 1150 and < 1160).Select(t => "AuditType." + t))
            .Concat(new[] { "invoice", "period", "line", "description", "quantity", "unitPrice", "amount", "currency", "contactName", "contactEmail", "legalName",
                "addressLine1", "addressLine2", "city", "postalCode", "country", "purchaseOrder", "taxId", "status", "issuedOn", "dueOn", "paidOn" }
                .Select(f => "Billing.Field." + f))
            .Concat(["Billing.ProfileSaved", "Nav.Billing"])
            .Distinct()
            .ToList();
        var resources = new System.Resources.ResourceManager("Portico.Web.Resources.SharedResource", typeof(Portico.Web.Resources.SharedResource).Assembly);
        var english = resources.GetResourceSet(System.Globalization.CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)!;
        var japanese = resources.GetResourceSet(System.Globalization.CultureInfo.GetCultureInfo("ja"), createIfNotExists: true, tryParents: false)!;

        Assert.True(keys.Count >= 40, $"only {keys.Count} keys found");
        Assert.Equal([], keys.Where(k => string.IsNullOrWhiteSpace(english.GetString(k))).ToList());
        Assert.Equal([], keys.Where(k => string.IsNullOrWhiteSpace(japanese.GetString(k))).ToList());
        Assert.Equal([], keys.Where(k => english.GetString(k) == japanese.GetString(k)).ToList());
        Assert.Equal("請求", japanese.GetString("Nav.Billing"));
    }

    [GeneratedRegex("\\b[Tt]\\[\"(?<key>[A-Za-z]+\\.[A-Za-z.]+)\"")]
    private static partial Regex KeyPattern();
}
