using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portico.Web.Data;
using Portico.Web.Infrastructure;
using Portico.Web.Infrastructure.Api;
using Portico.Web.Resources;

namespace Portico.Web.Features.Support;

/// <summary>One support request, for the account that opened it (which may reply) or its organization's Global admins (read only).</summary>
/// <remarks>Anyone else gets 404, the same as for a ticket that does not exist, so ids cannot be probed.</remarks>
public sealed class RequestModel(SupportService support, AppDbContext db, IStringLocalizer<SharedResource> t) : PageModel
{
    public SupportRequestDetail Ticket { get; private set; } = null!;

    public bool CanReply => Ticket.AccountId == User.AccountId() && Ticket.Status != nameof(SupportRequestStatus.Closed);

    [BindProperty]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        var request = await db.SupportRequests.FindAsync([id], cancellationToken);
        if (request is null || request.AccountId != User.AccountId())
        {
            return NotFound();
        }

        var validate = new Validate(t).Text("message", Message, SupportRequest.DescriptionMaxLength, multiline: true);
        foreach (var error in validate.Errors)
        {
            ModelState.AddModelError(nameof(Message), error.Message);
        }

        if (validate.IsValid)
        {
            var result = await support.ReplyAsRequesterAsync(request, Message!, User.AccountId(), "account", cancellationToken);
            if (result.Succeeded)
            {
                TempData["Status"] = t["Support.ReplySent"].Value;
                return RedirectToPage(new { id });
            }

            ModelState.AddModelError(nameof(Message), t["Error." + result.Error]);
            Response.StatusCode = result.Status;
        }
        else
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        await LoadAsync(id, cancellationToken);
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var detail = await support.DetailAsync(id, cancellationToken);
        if (detail is null || !SupportApi.CanRead(User, detail.AccountId, detail.OrganizationId))
        {
            return false;
        }

        Ticket = detail;
        return true;
    }
}
