using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portico.Web.Authorization;
using Portico.Web.Features.Incentives;

namespace Portico.Web.Features.Operator.Incentives.Disputes;

/// <summary>The vendor's queue of partners' earnings disputes: filter by status and organization, oldest first, paged.</summary>
[Authorize(Policy = CapabilityRequirement.PolicyPrefix + OperatorCapabilities.Incentives)]
public sealed class IndexModel(DisputeDeskService desk) : PageModel
{
    public DeskQueuePage Queue { get; private set; } = new([], 1, DisputeDeskService.DefaultPageSize, 0);

    /// <summary>The status filter: a status name, or "any".</summary>
    public string Status { get; private set; } = nameof(DisputeStatus.Open);

    public string? Org { get; private set; }

    public int LastPage => Math.Max(1, (Queue.Total + Queue.PageSize - 1) / Queue.PageSize);

    public async Task OnGetAsync(string? status, string? org, int? page, CancellationToken cancellationToken)
    {
        // Note: the page ignores filter values it cannot read (a hand-edited link); the API refuses them.
        DisputeStatus? parsed = OperatorIncentivesApi.TryParseStatus(status, out var s) ? s : DisputeStatus.Open;
        Status = parsed?.ToString() ?? OperatorIncentivesApi.StatusAny;
        Org = string.IsNullOrWhiteSpace(org) || org.Length > DisputeDeskService.OrganizationFilterMaxLength || org.Any(char.IsControl) ? null : org.Trim();
        Queue = await desk.QueueAsync(parsed, Org, Math.Clamp(page ?? 1, 1, 100_000), DisputeDeskService.DefaultPageSize, cancellationToken);
    }

    public string PageUrl(int page) =>
        "/Operator/Incentives/Disputes" + QueryString.Create(new Dictionary<string, string?>
        {
            ["status"] = Status, ["org"] = Org, ["page"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }.Where(kv => kv.Value is not null)).ToUriComponent();
}
