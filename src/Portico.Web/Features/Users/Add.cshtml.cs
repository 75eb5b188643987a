using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portico.Web.Authorization;
using Portico.Web.Data;
using Portico.Web.Resources;

namespace Portico.Web.Features.Users;

/// <summary>Add user: creates a work account with a temporary password that is shown once, on this page only.</summary>
[Authorize(Policy = CapabilityRequirement.PolicyPrefix + Capabilities.UsersManage)]
public sealed class AddModel(AppDbContext db, UserManagementService service, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty]
    public Dictionary<string, string> Roles { get; set; } = [];

    public RolePicker Picker { get; private set; } = new([], []);

    /// <summary>Set after a successful post; rendered once and never stored.</summary>
    public string? TemporaryPassword { get; private set; }

    public Guid? CreatedUserId { get; private set; }

    public string Prefix => this.PathPrefix();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Validation.required")]
        [EmailAddress(ErrorMessage = "Validation.invalid_email")]
        [StringLength(Accounts.Account.EmailMaxLength, ErrorMessage = "Validation.too_long_field")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Validation.required")]
        [StringLength(Accounts.Account.DisplayNameMaxLength, ErrorMessage = "Validation.too_long_field")]
        public string DisplayName { get; set; } = "";

        [StringLength(Accounts.Account.DisplayNameMaxLength, ErrorMessage = "Validation.too_long_field")]
        public string? NameReading { get; set; }

        public bool Invite { get; set; }
    }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await BuildPickerAsync([], cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var orgId = this.WorkingOrganizationId();
        var actorRoles = service.ActorRolesIn(User, orgId);
        var requested = RolePicker.Read(Roles, [], GrantRules.GrantableBy(actorRoles));
        if (!ModelState.IsValid)
        {
            await BuildPickerAsync(requested, cancellationToken);
            return Page();
        }

        var result = await service.CreateAsync(orgId, User, Input.Email, Input.DisplayName, string.IsNullOrWhiteSpace(Input.NameReading) ? null : Input.NameReading, requested, cancellationToken, Input.Invite);
        if (!result.Succeeded)
        {
            ModelState.AddModelError(result.Error == UserErrors.EmailTaken ? "Input.Email" : "", t["Error." + result.Error]);
            await BuildPickerAsync(requested, cancellationToken);
            return Page();
        }

        if (Input.Invite)
        {
            TempData["Status"] = t["Users.InvitationSent", result.Account!.DisplayName].Value;
            return Redirect($"{Prefix}/Users/Edit/{result.Account.Id}");
        }

        TemporaryPassword = result.TemporaryPassword;
        CreatedUserId = result.Account!.Id;
        return Page();
    }

    private async Task BuildPickerAsync(IReadOnlyCollection<RoleGrant> held, CancellationToken cancellationToken)
    {
        var orgId = this.WorkingOrganizationId();
        var locations = await db.Locations.AsNoTracking().Where(l => l.OrganizationId == orgId).OrderBy(l => l.Name)
            .Select(l => new { l.Id, l.Name }).ToListAsync(cancellationToken);
        Picker = RolePicker.Build(service.ActorRolesIn(User, orgId), held, locations.Select(l => (l.Id, l.Name)).ToList());
    }
}
