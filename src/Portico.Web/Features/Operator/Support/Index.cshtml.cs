using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portico.Web.Authorization;
using Portico.Web.Features.Support;

namespace Portico.Web.Features.Operator.Support;

/// <summary>The support queue for SupportAgents: filter by status and category, oldest activity first, paged.</summary>
[Authorize(Policy = CapabilityRequirement.PolicyPrefix + OperatorCapabilities.Support)]
public sealed class IndexModel(SupportService support) : PageModel
{
    public const int PageSize = 25;

    public SupportPage Queue { get; private set; } = new([], 1, PageSize, 0);

    /// <summary>Status filter; empty shows every status, the default shows the ones that need an answer.</summary>
    public string? Status { get; private set; }

    public string? Category { get; private set; }

    public static IReadOnlyList<string> Statuses => Enum.GetNames<SupportRequestStatus>();

    public async Task OnGetAsync(string? status, string? category, int? page, CancellationToken cancellationToken)
    {
        var parsed = OperatorApi.ParseStatus(status);
        Status = parsed?.ToString();
        Category = SupportCategories.IsCategory(category) ? category : null;
        Queue = await support.QueueAsync(parsed, Category, Math.Max(page ?? 1, 1), PageSize, cancellationToken);
    }

    public int LastPage => Math.Max(1, (Queue.Total + PageSize - 1) / PageSize);
}
