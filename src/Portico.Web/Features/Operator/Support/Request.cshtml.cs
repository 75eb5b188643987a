using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portico.Web.Authorization;
using Portico.Web.Features.Support;
using Portico.Web.Infrastructure.Api;
using Portico.Web.Resources;

namespace Portico.Web.Features.Operator.Support;

/// <summary>A ticket for a SupportAgent: the thread, a reply (mailed to the requester) and the status.</summary>
[Authorize(Policy = CapabilityRequirement.PolicyPrefix + OperatorCapabilities.Support)]
public sealed class RequestModel(SupportService support, IStringLocalizer<SharedResource> t) : PageModel
{
    public SupportRequestDetail Ticket { get; private set; } = null!;

    [BindProperty]
    public string? Message { get; set; }

    /// <summary>The status after the reply (default: waiting on the customer).</summary>
    [BindProperty]
    public string? StatusAfter { get; set; }

    public IReadOnlyList<string> Moves =>
        Enum.GetValues<SupportRequestStatus>()
            .Where(s => Enum.TryParse<SupportRequestStatus>(Ticket.Status, out var from) && SupportService.CanMove(from, s))
            .Select(s => s.ToString())
            .ToList();

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostReplyAsync(Guid id, CancellationToken cancellationToken)
    {
        var status = OperatorApi.ParseStatus(StatusAfter);
        var validate = new Validate(t).Text("message", Message, SupportRequest.DescriptionMaxLength, multiline: true);
        foreach (var error in validate.Errors)
        {
            ModelState.AddModelError(nameof(Message), error.Message);
        }

        if (validate.IsValid)
        {
            var result = await support.ReplyAsStaffAsync(User, id, Message!, status, cancellationToken);
            if (result.Status == StatusCodes.Status404NotFound)
            {
                return NotFound();
            }

            if (result.Succeeded)
            {
                TempData["Status"] = t["Operator.Ticket.ReplySent"].Value;
                return RedirectToPage(new { id });
            }

            ModelState.AddModelError(nameof(Message), t["Error." + result.Error]);
            Response.StatusCode = result.Status;
        }
        else
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostStatusAsync(Guid id, string? status, CancellationToken cancellationToken)
    {
        var parsed = OperatorApi.ParseStatus(status);
        if (parsed is null)
        {
            ModelState.AddModelError("status", t["Validation.invalid_value"]);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
        }

        var result = await support.ChangeStatusAsync(User, id, parsed.Value, cancellationToken);
        if (result.Status == StatusCodes.Status404NotFound)
        {
            return NotFound();
        }

        if (result.Succeeded)
        {
            TempData["Status"] = t["Operator.Ticket.StatusChanged", t["SupportStatus." + parsed.Value].Value].Value;
            return RedirectToPage(new { id });
        }

        ModelState.AddModelError("status", t["Error." + result.Error]);
        Response.StatusCode = result.Status;
        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await support.DetailAsync(id, cancellationToken) is not { } detail)
        {
            return false;
        }

        Ticket = detail;
        return true;
    }
}
