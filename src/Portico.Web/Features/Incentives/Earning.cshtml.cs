using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portico.Web.Authorization;
using Portico.Web.Infrastructure;
using Portico.Web.Resources;

namespace Portico.Web.Features.Incentives;

/// <summary>
/// One earnings line: its facts, its disputes with their comments, and for an Incentives admin of the line's location
/// the forms to open a dispute, add a comment or withdraw it. A line outside the caller's <see cref="IncentivesScope"/>
/// answers 404 like one that does not exist.
/// </summary>
[Authorize(Policy = CapabilityRequirement.PolicyPrefix + Capabilities.Incentives)]
public sealed class EarningModel(EarningService earnings, IStringLocalizer<SharedResource> t) : PageModel
{
    public EarningDetail Detail { get; private set; } = null!;

    /// <summary>The posted reason and comment, kept when the form is shown again with errors.</summary>
    public string? Reason { get; private set; }

    public string? Comment { get; private set; }

    public DisputeView? OpenDispute => Detail.Disputes.FirstOrDefault(d => d.Status == nameof(DisputeStatus.Open));

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostOpenAsync(Guid id, string? reason, string? comment, CancellationToken cancellationToken) =>
        await HandleAsync(id, await earnings.OpenDisputeAsync(OrgId, id, User, reason, comment, cancellationToken), "Earnings.DisputeOpened", reason, comment, cancellationToken);

    public async Task<IActionResult> OnPostCommentAsync(Guid id, Guid disputeId, string? comment, CancellationToken cancellationToken) =>
        await HandleAsync(id, await earnings.CommentAsync(OrgId, id, disputeId, User, comment, cancellationToken), "Earnings.CommentAdded", null, comment, cancellationToken);

    public async Task<IActionResult> OnPostWithdrawAsync(Guid id, Guid disputeId, string? comment, CancellationToken cancellationToken) =>
        await HandleAsync(id, await earnings.WithdrawAsync(OrgId, id, disputeId, User, comment, cancellationToken), "Earnings.DisputeWithdrawn", null, null, cancellationToken);

    private Guid OrgId => User.OrganizationId()!.Value;

    private async Task<IActionResult> HandleAsync(Guid id, DisputeResult result, string done, string? reason, string? comment, CancellationToken cancellationToken)
    {
        if (result.Error == IncentiveErrors.EarningNotFound)
        {
            return NotFound();
        }

        if (result.Succeeded)
        {
            TempData["Status"] = t[done].Value;
            return RedirectToPage(new { id });
        }

        if (result.Fields is { Count: > 0 } fields)
        {
            foreach (var field in fields)
            {
                ModelState.AddModelError(field.Field, t["Earnings.Field." + field.Field] + ": " + field.Message);
            }
        }
        else
        {
            ModelState.AddModelError("", t["Error." + result.Error]);
        }

        Reason = reason;
        Comment = comment;
        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await earnings.GetAsync(OrgId, IncentivesScope.For(User, OrgId), id, cancellationToken) is not { } detail)
        {
            return false;
        }

        Detail = detail;
        return true;
    }
}
