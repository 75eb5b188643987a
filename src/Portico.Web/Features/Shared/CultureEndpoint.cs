using Microsoft.AspNetCore.Localization;
using Microsoft.EntityFrameworkCore;
using Portico.Web.Data;
using Portico.Web.Infrastructure;
using Portico.Web.Infrastructure.Localization;

namespace Portico.Web.Features.Shared;

public static class CultureEndpoint
{
    /// <summary>
    /// The language picker's target (a plain form post, so it works without JavaScript): remembers the choice in a
    /// cookie and, when signed in, as the account's preference.
    /// </summary>
    public static IEndpointRouteBuilder MapCultureEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/Culture", async (HttpContext http, AppDbContext db, CancellationToken cancellationToken) =>
        {
            if (http.Features.Get<Microsoft.AspNetCore.Antiforgery.IAntiforgeryValidationFeature>() is { IsValid: false })
            {
                return Results.BadRequest();
            }

            var form = await http.Request.ReadFormAsync(cancellationToken);
            var culture = Cultures.Normalize(form["culture"].ToString());
            var returnUrl = form["returnUrl"].ToString();
            http.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true });
            if (http.User.AccountId() is { } accountId)
            {
                await db.Users.Where(a => a.Id == accountId).ExecuteUpdateAsync(u => u.SetProperty(a => a.PreferredCulture, culture), cancellationToken);
            }

            return Results.LocalRedirect(IsLocal(returnUrl) ? returnUrl : "/");
        }).WithMetadata(new Microsoft.AspNetCore.Antiforgery.RequireAntiforgeryTokenAttribute()).AllowAnonymous().ExcludeFromDescription();
        return endpoints;
    }

    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));
}
