using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portico.Tests.Incentives;
using Portico.Tests.Infrastructure;
using Portico.Tests.Relationships;
using Portico.Web.Authorization;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Marketplace;
using Portico.Web.Features.Marketplace.Payouts;
using Portico.Tests.Marketplace;
using static Portico.Tests.Payouts.PayoutsTestKit;

namespace Portico.Tests.Payouts;

/// <summary>The payouts API: who sees the statements, totals, filters, export, and the payout account with its masking, audit, emails and conflicts.</summary>
public sealed class PayoutsApiTests(DemoPortalFactory factory) : IClassFixture<DemoPortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(Devon)]
    [InlineData(Casey)]
    [InlineData(Alex)]
    public async Task List_AsOwnerFinancialContributorOrGlobalAdmin_ShowsEveryStatementWithTotals(string email)
    {
        var contoso = await factory.ContosoAsync();
        var client = await factory.ClientAsync(email, mfa: false);

        var page = await (await client.GetAsync(PayoutsUrl(contoso) + "?pageSize=100", Ct)).OkJsonAsync();

        var (count, net) = await factory.WithDbAsync(async db => (
            await db.PayoutStatements.CountAsync(p => p.OrganizationId == contoso, Ct),
            (await db.PayoutStatements.Where(p => p.OrganizationId == contoso && p.Currency == "USD").Select(p => p.NetMinor).ToListAsync(Ct)).Sum()));
        Assert.True(count >= 6);
        Assert.Equal(count, page.GetProperty("total").GetInt32());
        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(count, items.Count);
        Assert.Contains(items, p => p.GetProperty("holdReason").GetString() == PayoutHoldReasons.TaxProfileIncomplete && p.GetProperty("status").GetString() == "OnHold");
        Assert.Contains(items, p => p.GetProperty("offerName").GetString() == OfferDemoData.PublishedOffer);
        Assert.All(items, p => Assert.Equal(p.GetProperty("gross").GetDecimal() - p.GetProperty("fee").GetDecimal(), p.GetProperty("net").GetDecimal()));
        var usd = page.GetProperty("totals").EnumerateArray().Single(t => t.GetProperty("currency").GetString() == "USD");
        Assert.Equal(net, usd.GetProperty("netMinor").GetInt64());
        Assert.Equal(net / 100m, usd.GetProperty("net").GetDecimal());
    }

    [Fact]
    public async Task List_FilteredByStatusAndMonths_ShowsOnlyMatchingStatements()
    {
        var contoso = await factory.ContosoAsync();
        var casey = await factory.ClientAsync(Casey, mfa: false);
        var newest = await factory.WithDbAsync(db => db.PayoutStatements.Where(p => p.OrganizationId == contoso).MaxAsync(p => p.Period, Ct));
        var month = newest.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

        var onHold = await (await casey.GetAsync(PayoutsUrl(contoso) + "?status=OnHold", Ct)).OkJsonAsync();
        var latest = await (await casey.GetAsync(PayoutsUrl(contoso) + $"?from={month}&to={month}", Ct)).OkJsonAsync();

        Assert.All(onHold.GetProperty("items").EnumerateArray(), p => Assert.Equal("OnHold", p.GetProperty("status").GetString()));
        Assert.True(onHold.GetProperty("total").GetInt32() >= 1);
        Assert.All(latest.GetProperty("items").EnumerateArray(), p => Assert.Equal(month, p.GetProperty("period").GetString()));
        Assert.True(latest.GetProperty("total").GetInt32() >= 2);
    }

    [Theory]
    [InlineData(Roles.ReferralsUser)]
    [InlineData(Roles.Developer)]
    [InlineData(Roles.Marketer)]
    public async Task PayoutRoutes_AsRoleWithoutPayouts_AreForbiddenAndWriteNothing(string role)
    {
        var contoso = await factory.ContosoAsync();
        var (client, _) = await factory.ContosoUserAsync(role);
        var before = await factory.PayoutStateAsync();

        await (await client.GetAsync(PayoutsUrl(contoso), Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await client.GetAsync(PayoutsUrl(contoso) + ".csv", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await client.GetAsync(AccountUrl(contoso), Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await client.PutAccountAsync(contoso, AccountBody())).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        Assert.Equal(before, await factory.PayoutStateAsync());
    }

    [Fact]
    public async Task PayoutRoutes_OfAnotherOrganization_AreForbidden()
    {
        var northwind = await factory.OrganizationIdAsync("Northwind Distribution");
        var devon = await factory.ClientAsync(Devon, mfa: false);
        var nora = await factory.ClientAsync(Nora, mfa: false);
        var contoso = await factory.ContosoAsync();

        await (await devon.GetAsync(PayoutsUrl(northwind), Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await nora.GetAsync(PayoutsUrl(northwind), Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await nora.GetAsync(AccountUrl(contoso), Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Export_AsFinancialContributor_IsCsvWithBomHeaderAndEveryStatement()
    {
        var contoso = await factory.ContosoAsync();
        var casey = await factory.ClientAsync(Casey, mfa: false);

        var response = await casey.GetAsync(PayoutsUrl(contoso) + ".csv", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Month,Offer,Status,Hold reason,Payment date,Gross sales,Store fee,Net payout,Currency", lines[0]);
        var count = await factory.WithDbAsync(db => db.PayoutStatements.CountAsync(p => p.OrganizationId == contoso, Ct));
        Assert.Equal(count, lines.Length - 1);
        Assert.Contains(lines, l => l.Contains("Tax profile incomplete", StringComparison.Ordinal) && l.EndsWith(",11640.00,USD", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Account_CreateReadChangeAndConflict_MasksTheNumberAuditsAndEmailsOwnersAndGlobalAdmins()
    {
        var contoso = await factory.ContosoAsync();
        var casey = await factory.ClientAsync(Casey, mfa: false);
        var devon = await factory.ClientAsync(Devon, mfa: false);
        await (await casey.GetAsync(AccountUrl(contoso), Ct)).AssertProblemAsync(HttpStatusCode.NotFound, PayoutErrors.PayoutAccountMissing);

        var createdResponse = await casey.PutAccountAsync(contoso, AccountBody(number: "de89 3704 0044 0532 0130 00"));
        var createdText = await createdResponse.Content.ReadAsStringAsync(Ct);
        var created = await createdResponse.OkJsonAsync(HttpStatusCode.Created);

        Assert.DoesNotContain("0532013000", createdText, StringComparison.Ordinal);
        Assert.Equal("•••• 3000", created.GetProperty("accountNumberMasked").GetString());
        Assert.False(created.TryGetProperty("accountNumber", out _));
        var stored = await factory.WithDbAsync(db => db.PayoutAccounts.AsNoTracking().SingleAsync(a => a.OrganizationId == contoso, Ct));
        Assert.Equal((FullNumber, "DE", "EUR", TaxFormStatus.Submitted), (stored.AccountNumber, stored.BankCountry, stored.Currency, stored.TaxForm));
        var audit = await factory.WithDbAsync(db => db.AuditEvents.AsNoTracking().Where(e => e.Type == AuditEventType.PayoutAccountChanged && e.TargetOrganizationId == contoso).ToListAsync(Ct));
        var row = Assert.Single(audit);
        Assert.Contains("\"accountLast4\":\"3000\"", row.Details, StringComparison.Ordinal);
        Assert.DoesNotContain("0532013000", row.Details, StringComparison.Ordinal);
        foreach (var to in new[] { Devon, Alex })
        {
            var mail = factory.Outbox.LatestTo(to);
            Assert.NotNull(mail);
            Assert.Equal("Security notice: the payout account of Contoso Cloud Solutions was changed", mail.Subject);
            Assert.Contains("•••• 3000", mail.TextBody, StringComparison.Ordinal);
            Assert.DoesNotContain("0532013000", mail.TextBody, StringComparison.Ordinal);
        }

        Assert.Empty(factory.Outbox.To(Casey));

        var read = await (await devon.GetAsync(AccountUrl(contoso), Ct)).OkJsonAsync();
        Assert.Equal("•••• 3000", read.GetProperty("accountNumberMasked").GetString());
        var version = read.GetProperty("version").GetGuid();

        var before = await factory.PayoutStateAsync();
        await (await devon.PutAccountAsync(contoso, AccountBody(version: Guid.NewGuid(), number: "GB29NWBK60161331926819"))).AssertProblemAsync(HttpStatusCode.Conflict, PayoutErrors.PayoutAccountChanged);
        await (await devon.PutAccountAsync(contoso, AccountBody(version: null, number: "GB29NWBK60161331926819"))).AssertProblemAsync(HttpStatusCode.Conflict, PayoutErrors.PayoutAccountChanged);
        Assert.Equal(before, await factory.PayoutStateAsync());

        var changed = await (await devon.PutAccountAsync(contoso, AccountBody(version: version, number: "GB29NWBK60161331926819"))).OkJsonAsync();
        Assert.Equal("•••• 6819", changed.GetProperty("accountNumberMasked").GetString());
        Assert.NotEqual(version, changed.GetProperty("version").GetGuid());
        var second = await factory.WithDbAsync(db => db.AuditEvents.AsNoTracking().Where(e => e.Type == AuditEventType.PayoutAccountChanged && e.TargetOrganizationId == contoso).OrderBy(e => e.Id).ToListAsync(Ct));
        Assert.Equal(2, second.Count);
        Assert.Contains("\"previousAccountLast4\":\"3000\"", second[^1].Details, StringComparison.Ordinal);
        await (await devon.PutAccountAsync(contoso, AccountBody(version: version))).AssertProblemAsync(HttpStatusCode.Conflict, PayoutErrors.PayoutAccountChanged);
    }

    [Fact]
    public async Task RecordStatement_ByTheVendorSide_IsListedAndAuditedAndInconsistentInputIsRefused()
    {
        var contoso = await factory.ContosoAsync();
        var offer = await factory.OfferIdAsync(OfferDemoData.PublishedOffer);
        var period = new DateOnly(2026, 1, 1);

        await using var scope = factory.Scope();
        var service = scope.ServiceProvider.GetRequiredService<PayoutService>();

        var statement = await service.RecordStatementAsync(
            contoso, new PayoutStatementInput(period, offer, 500_000, 15_000, "JPY", PayoutStatus.Sent, new DateOnly(2026, 2, 15)), Ct);
        var before = await factory.PayoutStateAsync();
        await Assert.ThrowsAsync<ArgumentException>(() => service.RecordStatementAsync(
            contoso, new PayoutStatementInput(period, offer, 500_000, 15_000, "JPY", PayoutStatus.OnHold), Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => service.RecordStatementAsync(
            contoso, new PayoutStatementInput(period, offer, 100, 200, "USD", PayoutStatus.Pending), Ct));
        Assert.Equal(before, await factory.PayoutStateAsync());

        var casey = await factory.ClientAsync(Casey, mfa: false);
        var page = await (await casey.GetAsync(PayoutsUrl(contoso) + "?from=2026-01&to=2026-01", Ct)).OkJsonAsync();
        var item = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal((statement.Id, 485_000L, "JPY"), (item.GetProperty("id").GetGuid(), item.GetProperty("netMinor").GetInt64(), item.GetProperty("currency").GetString()));
        var jpy = Assert.Single(page.GetProperty("totals").EnumerateArray());
        Assert.Equal(485_000m, jpy.GetProperty("net").GetDecimal());
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(e => e.Type == AuditEventType.PayoutStatementRecorded && e.Details!.Contains(statement.Id.ToString()), Ct)));
    }
}
