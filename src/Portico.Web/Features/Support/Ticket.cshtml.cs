using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Portico.Web.Infrastructure.Api;
using Portico.Web.Infrastructure.RateLimiting;
using Portico.Web.Resources;

namespace Portico.Web.Features.Support;

/// <summary>A ticket opened through the private link mailed to its contact email: read the thread and reply, no account needed.</summary>
/// <remarks>
/// The link is the only credential: unknown, altered and expired tokens all get the same 404 page. Replies are
/// rate-limited per IP like every public form.
/// </remarks>
[AllowAnonymous]
[EnableRateLimiting(RateLimitPolicies.PublicForm)]
public sealed class TicketModel(SupportService support, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public string? Message { get; set; }

    public SupportRequestDetail? Ticket { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) is null ? NotFoundPage() : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var request = await support.FindByTokenAsync(Token, cancellationToken);
        if (request is null)
        {
            return NotFoundPage();
        }

        var validate = new Validate(t).Text("message", Message, SupportRequest.DescriptionMaxLength, multiline: true);
        foreach (var error in validate.Errors)
        {
            ModelState.AddModelError(nameof(Message), error.Message);
        }

        if (validate.IsValid)
        {
            var result = await support.ReplyAsRequesterAsync(request, Message!, null, "private_link", cancellationToken);
            if (result.Succeeded)
            {
                TempData["Status"] = t["Support.ReplySent"].Value;
                return RedirectToPage(new { token = Token });
            }

            ModelState.AddModelError(nameof(Message), t["Error." + result.Error]);
            Response.StatusCode = result.Status;
        }
        else
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task<SupportRequestDetail?> LoadAsync(CancellationToken cancellationToken)
    {
        var request = await support.FindByTokenAsync(Token, cancellationToken);
        Ticket = request is null ? null : await support.DetailAsync(request.Id, cancellationToken);
        return Ticket;
    }

    private PageResult NotFoundPage()
    {
        Ticket = null;
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }
}
