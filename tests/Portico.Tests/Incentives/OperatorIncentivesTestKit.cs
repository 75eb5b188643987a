using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Portico.Tests.Infrastructure;
using Portico.Tests.Relationships;
using Portico.Web.Features.Incentives;
using static Portico.Tests.Incentives.IncentivesTestKit;

namespace Portico.Tests.Incentives;

/// <summary>Sign-ins and arrangements of the vendor-side Incentives tests (demo staff: Olivia is the OperatorAdmin).</summary>
public static class OperatorIncentivesTestKit
{
    public const string Olivia = "olivia.ops@portico.example";
    public const string Sasha = "sasha.support@portico.example";
    public const string Victor = "victor.verify@portico.example";
    public const string Disputes = "/api/v1/operator/incentives/disputes";
    public const string Import = "/api/v1/operator/incentives/earnings/import";
    public const string Header = "partnerId,locationPartnerId,program,lever,period,amount,currency,status,paidOn,holdReason";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<HttpClient> StaffClientAsync(this PortalFactory factory, string email)
    {
        var client = factory.CreateClient();
        return client.WithToken(await client.SignInAsync(email, Portico.Web.Data.DemoData.Password));
    }

    /// <summary>
    /// A new Contoso organization-wide line (Accrued, <paramref name="amountMinor"/> in <paramref name="currency"/>) that
    /// Jordan disputes through the API; returns the line and the open dispute.
    /// </summary>
    public static async Task<(Guid LineId, Guid DisputeId)> NewDisputeAsync(
        this PortalFactory factory, long amountMinor = 250_000, string currency = "USD", string lever = "Partner-led workshops")
    {
        var contoso = await factory.ContosoAsync();
        var line = new EarningLine
        {
            OrganizationId = contoso, Program = "Solutions Partner incentive", Lever = lever, Period = new DateOnly(2026, 7, 1),
            AmountMinor = amountMinor, Currency = currency, Status = EarningStatus.Accrued, CreatedUtc = DateTime.UtcNow, UpdatedUtc = DateTime.UtcNow,
        };
        await factory.WithDbAsync(async db =>
        {
            db.EarningLines.Add(line);
            return await db.SaveChangesAsync(Ct);
        });
        var jordan = await factory.IncentivesClientAsync(Jordan);
        var opened = await (await jordan.OpenDisputeAsync(contoso, line.Id, "AmountIncorrect", "We delivered five workshops; the line pays for four.")).OkJsonAsync(System.Net.HttpStatusCode.Created);
        var disputeId = opened.GetProperty("disputes").EnumerateArray().First().GetProperty("id").GetGuid();
        return (line.Id, disputeId);
    }

    public static Task<EarningDispute> DisputeAsync(this PortalFactory factory, Guid id) =>
        factory.WithDbAsync(db => db.EarningDisputes.AsNoTracking().Include(d => d.Comments).SingleAsync(d => d.Id == id, Ct));

    public static Task<HttpResponseMessage> ResolveAsync(this HttpClient client, Guid disputeId, object body) =>
        client.PostAsJsonAsync($"{Disputes}/{disputeId}/resolve", body, Ct);

    public static Task<HttpResponseMessage> ReplyAsync(this HttpClient client, Guid disputeId, object body) =>
        client.PostAsJsonAsync($"{Disputes}/{disputeId}/comments", body, Ct);

    public static Task<HttpResponseMessage> ImportCsvAsync(
        this HttpClient client, string csv, string contentType = "text/csv", string? fileName = null, bool dryRun = false) =>
        client.ImportBytesAsync(Encoding.UTF8.GetBytes(csv), contentType, fileName, dryRun);

    public static Task<HttpResponseMessage> ImportBytesAsync(
        this HttpClient client, byte[] body, string contentType = "text/csv", string? fileName = null, bool dryRun = false)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var query = new List<string>();
        if (dryRun)
        {
            query.Add("dryRun=true");
        }

        if (fileName is not null)
        {
            query.Add("fileName=" + Uri.EscapeDataString(fileName));
        }

        return client.PostAsync(query.Count == 0 ? Import : Import + "?" + string.Join('&', query), content, Ct);
    }

    /// <summary>Earnings lines, disputes (status, version, amounts), comments and audit rows: what a refused request must leave unchanged.</summary>
    public static Task<string> DeskStateAsync(this PortalFactory factory) =>
        factory.WithDbAsync(async db =>
            await factory.IncentivesStateAsync()
            + ";" + string.Join(",", await db.EarningDisputes.OrderBy(d => d.Id).Select(d => d.Id.ToString() + d.Outcome + d.AdjustedAmountMinor + d.ResolutionMessage).ToListAsync(Ct)));
}
