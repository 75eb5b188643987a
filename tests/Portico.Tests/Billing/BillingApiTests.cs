using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portico.Tests.Infrastructure;
using Portico.Tests.Relationships;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Billing;
using static Portico.Tests.Billing.BillingTestKit;

namespace Portico.Tests.Billing;

/// <summary>The Billing API: who sees which invoices, filters, detail and CSV, the billing profile with its refusals and audit rows.</summary>
public sealed class BillingApiTests(DemoPortalFactory factory) : IClassFixture<DemoPortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task AssertRefusedAsync(Func<Task<HttpResponseMessage>> call, HttpStatusCode status, string error, string? field = null)
    {
        var before = await factory.BillingStateAsync();
        var body = await (await call()).AssertProblemAsync(status, error);
        if (field is not null)
        {
            Assert.Contains(field, body.FieldErrors());
        }

        Assert.Equal(before, await factory.BillingStateAsync());
    }

    [Theory]
    [InlineData(Sam)]
    [InlineData(Alex)]
    public async Task List_AsBillingAdminOrGlobalAdmin_ShowsContosoInvoicesWithDerivedStatus(string email)
    {
        var contoso = await factory.ContosoAsync();
        var client = await factory.ClientAsync(email);

        var page = await (await client.GetAsync(Invoices(contoso), Ct)).JsonAsync();

        var items = Items(page);
        Assert.Equal(4, page.GetProperty("total").GetInt32());
        Assert.Equal(["Open", "Paid", "Overdue", "Paid"], items.Select(i => i.GetProperty("status").GetString()));
        Assert.All(items, i => Assert.StartsWith(BillingDemoData.NumberPrefix, i.GetProperty("number").GetString(), StringComparison.Ordinal));
        var sorted = items.Select(i => i.GetProperty("period").GetString()).ToList();
        Assert.Equal(sorted.OrderDescending(StringComparer.Ordinal), sorted);
    }

    [Fact]
    public async Task List_FiltersByStatusAndPeriod_AndPages()
    {
        var contoso = await factory.ContosoAsync();
        var client = await factory.ClientAsync(Sam);
        var all = Items(await (await client.GetAsync(Invoices(contoso), Ct)).JsonAsync());
        var overduePeriod = all.Single(i => i.GetProperty("status").GetString() == "Overdue").GetProperty("period").GetString();

        var overdue = Items(await (await client.GetAsync(Invoices(contoso) + "?status=Overdue", Ct)).JsonAsync());
        var paid = Items(await (await client.GetAsync(Invoices(contoso) + "?status=Paid", Ct)).JsonAsync());
        var byPeriod = Items(await (await client.GetAsync(Invoices(contoso) + "?period=" + overduePeriod, Ct)).JsonAsync());
        var second = await (await client.GetAsync(Invoices(contoso) + "?page=2&pageSize=3", Ct)).JsonAsync();

        Assert.Single(overdue);
        Assert.Equal(2, paid.Count);
        Assert.Equal(overduePeriod, Assert.Single(byPeriod).GetProperty("period").GetString());
        Assert.Single(Items(second));
        Assert.Equal(4, second.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Detail_ShowsLinesThatAddUpToTheTotal_AndCsvHasOneRowPerLine()
    {
        var contoso = await factory.ContosoAsync();
        var client = await factory.ClientAsync(Sam);
        var id = Items(await (await client.GetAsync(Invoices(contoso), Ct)).JsonAsync())[0].GetProperty("id").GetGuid();

        var detail = await (await client.GetAsync($"{Invoices(contoso)}/{id}", Ct)).JsonAsync();
        var csv = await client.GetAsync($"{Invoices(contoso)}/{id}.csv", Ct);

        var lines = detail.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal(3, lines.Count);
        Assert.Equal(detail.GetProperty("invoice").GetProperty("total").GetDecimal(), lines.Sum(l => l.GetProperty("amount").GetDecimal()));
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var bytes = await csv.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var rows = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Invoice number,Billing month,Line,Description,Quantity,Unit price,Amount,Currency", rows[0]);
        Assert.Equal(4, rows.Length);
        Assert.Contains("Azure plan consumption", rows[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Detail_OfAnotherOrganizationsInvoice_AnswersInvoiceNotFound()
    {
        var contoso = await factory.ContosoAsync();
        var northwind = await factory.NorthwindAsync();
        var contosoInvoice = await factory.WithDbAsync(db => db.Invoices.Where(i => i.OrganizationId == contoso).Select(i => i.Id).FirstAsync(Ct));
        var ken = await factory.ClientAsync(Ken);

        await (await ken.GetAsync($"{Invoices(northwind)}/{contosoInvoice}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, BillingErrors.InvoiceNotFound);
        await (await ken.GetAsync($"{Invoices(northwind)}/{contosoInvoice}.csv", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, BillingErrors.InvoiceNotFound);
        var list = Items(await (await ken.GetAsync(Invoices(northwind), Ct)).JsonAsync());
        Assert.DoesNotContain(list, i => i.GetProperty("id").GetGuid() == contosoInvoice);
        Assert.DoesNotContain(list, i => i.GetProperty("number").GetString()!.StartsWith(BillingDemoData.NumberPrefix, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Invoices_WithoutBillingRoleOrWithoutMfa_AreRefused()
    {
        var contoso = await factory.ContosoAsync();
        var jordan = await factory.ClientAsync(Jordan);
        var samWithoutMfa = factory.CreateClient();
        samWithoutMfa.WithToken(await samWithoutMfa.SignInAsync(Sam, Portico.Web.Data.DemoData.Password));

        Assert.Equal(HttpStatusCode.Forbidden, (await jordan.GetAsync(Invoices(contoso), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await jordan.PutProfileAsync(contoso, ProfileBody(null))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await samWithoutMfa.GetAsync(Invoices(contoso), Ct)).StatusCode);
    }

    [Fact]
    public async Task PutProfile_ChangesFields_AuditsTheirNamesOnly_AndNeverTheTaxIdValue()
    {
        var contoso = await factory.ContosoAsync();
        var sam = await factory.ClientAsync(Sam);
        var version = await sam.VersionAsync(contoso);

        var response = await sam.PutProfileAsync(contoso, ProfileBody(version, ("city", "Bellevue"), ("taxId", "SECRET-TAX-778"), ("purchaseOrder", "")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var saved = await response.JsonAsync();
        Assert.Equal("Bellevue", saved.GetProperty("city").GetString());
        Assert.Equal("SECRET-TAX-778", saved.GetProperty("taxId").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, saved.GetProperty("purchaseOrder").ValueKind);
        Assert.NotEqual(version, saved.GetProperty("version").GetGuid());
        var samId = (await factory.AccountAsync(Sam)).Id;
        var audit = await factory.WithDbAsync(db => db.AuditEvents.Where(e => e.Type == AuditEventType.BillingProfileUpdated && e.ActorAccountId == samId)
            .OrderByDescending(e => e.Id).Select(e => e.Details).FirstAsync(Ct));
        Assert.Contains("city", audit, StringComparison.Ordinal);
        Assert.Contains("taxId", audit, StringComparison.Ordinal);
        Assert.Contains("purchaseOrder", audit, StringComparison.Ordinal);
        Assert.DoesNotContain("contactName", audit, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET-TAX-778", audit, StringComparison.Ordinal);
        Assert.DoesNotContain("Bellevue", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutProfile_WithAStaleVersion_AnswersConflict_AndWritesNothing()
    {
        var contoso = await factory.ContosoAsync();
        var sam = await factory.ClientAsync(Sam);

        await AssertRefusedAsync(() => sam.PutProfileAsync(contoso, ProfileBody(Guid.NewGuid(), ("city", "Tacoma"))), HttpStatusCode.Conflict, BillingErrors.ProfileChanged);
        await AssertRefusedAsync(() => sam.PutProfileAsync(contoso, ProfileBody(null, ("city", "Tacoma"))), HttpStatusCode.Conflict, BillingErrors.ProfileChanged);
    }

    [Fact]
    public async Task PutProfile_FirstSaveForANewOrganization_CreatesIt_AndIsAudited()
    {
        var northwind = await factory.NorthwindAsync();
        var ken = await factory.ClientAsync(Ken);
        await (await ken.GetAsync(Profile(northwind), Ct)).AssertProblemAsync(HttpStatusCode.NotFound, BillingErrors.ProfileNotFound);

        var response = await ken.PutProfileAsync(northwind, ProfileBody(null, ("legalName", "Northwind Distribution 株式会社"), ("country", "JP"), ("taxId", null)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Northwind Distribution 株式会社", (await (await ken.GetAsync(Profile(northwind), Ct)).JsonAsync()).GetProperty("legalName").GetString());
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(e => e.Type == AuditEventType.BillingProfileUpdated && e.TargetOrganizationId == northwind
            && e.Details!.Contains("\"created\":true"), Ct)));
    }

    public static TheoryData<string, object?, string> BadFields => new()
    {
        { "contactName", null, "contactName:required" },
        { "contactName", "   ", "contactName:required" },
        { "contactName", new string('n', BillingProfile.NameMaxLength + 1), "contactName:too_long" },
        { "contactName", "Sam\u0007", "contactName:invalid_characters" },
        { "contactEmail", "not-an-email", "contactEmail:invalid_email" },
        { "legalName", "", "legalName:required" },
        { "addressLine1", "Line\nbreak", "addressLine1:invalid_characters" },
        { "addressLine2", new string('a', BillingProfile.AddressMaxLength + 1), "addressLine2:too_long" },
        { "city", "Nul\u0000", "city:invalid_characters" },
        { "postalCode", new string('9', BillingProfile.PostalCodeMaxLength + 1), "postalCode:too_long" },
        { "country", "USA", "country:invalid_value" },
        { "country", "us", "country:invalid_value" },
        { "country", "XX", "country:invalid_value" },
        { "country", null, "country:invalid_value" },
        { "purchaseOrder", new string('p', BillingProfile.PurchaseOrderMaxLength + 1), "purchaseOrder:too_long" },
        { "taxId", "Tab\u001b", "taxId:invalid_characters" },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task PutProfile_WithABadField_IsRefusedWithTheFieldsCode_AndWritesNothing(string field, object? value, string expected)
    {
        var contoso = await factory.ContosoAsync();
        var sam = await factory.ClientAsync(Sam);
        var version = await sam.VersionAsync(contoso);

        await AssertRefusedAsync(() => sam.PutProfileAsync(contoso, ProfileBody(version, (field, value))), HttpStatusCode.BadRequest, "validation_failed", expected);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("null")]
    [InlineData("[1,2]")]
    [InlineData("{\"contactName\": 5}")]
    [InlineData("{\"version\": \"not-a-guid\"}")]
    public async Task PutProfile_WithMalformedJson_Answers400_AndWritesNothing(string json)
    {
        var contoso = await factory.ContosoAsync();
        var sam = await factory.ClientAsync(Sam);
        var before = await factory.BillingStateAsync();

        var response = await sam.PutAsync(Profile(contoso), new StringContent(json, Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await factory.BillingStateAsync());
    }

    [Theory]
    [InlineData("?status=paid", "status:invalid_value")]
    [InlineData("?status=Cancelled", "status:invalid_value")]
    [InlineData("?period=2026-13", "period:invalid_value")]
    [InlineData("?period=yesterday", "period:invalid_value")]
    [InlineData("?page=0", "page:out_of_range")]
    [InlineData("?pageSize=101", "pageSize:out_of_range")]
    [InlineData("?pageSize=abc", "pageSize:out_of_range")]
    public async Task List_WithABadFilter_Answers400WithTheFieldsCode(string query, string expected)
    {
        var contoso = await factory.ContosoAsync();
        var sam = await factory.ClientAsync(Sam);

        var body = await (await sam.GetAsync(Invoices(contoso) + query, Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Contains(expected, body.FieldErrors());
    }

    [Fact]
    public async Task IssueInvoice_SumsTheLines_AndIsAudited()
    {
        var northwind = await factory.NorthwindAsync();
        Invoice invoice;
        await using (var scope = factory.Scope())
        {
            invoice = await scope.ServiceProvider.GetRequiredService<BillingService>().IssueInvoiceAsync(
                northwind, "G0456-2026-10", new DateOnly(2026, 10, 1), new DateOnly(2026, 11, 1), new DateOnly(2026, 12, 1), "JPY",
                [new InvoiceLineInput("Microsoft 365 Business Basic", 10, 899), new InvoiceLineInput("Azure plan consumption", 1, 52_000)], null, Ct);
        }

        Assert.Equal(60_990, invoice.TotalMinor);
        var ken = await factory.ClientAsync(Ken);
        var detail = await (await ken.GetAsync($"{Invoices(northwind)}/{invoice.Id}", Ct)).JsonAsync();
        Assert.Equal(60_990, detail.GetProperty("invoice").GetProperty("totalMinor").GetInt64());
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(e => e.Type == AuditEventType.InvoiceIssued && e.Details!.Contains("G0456-2026-10"), Ct)));
    }
}
