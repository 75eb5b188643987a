using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portico.Web.Resources;

namespace Portico.Web.Features;

[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorModel(IStringLocalizer<SharedResource> t) : PageModel
{
    public string Heading { get; private set; } = "";

    public string Message { get; private set; } = "";

    public void OnGet(int? status) => Describe(status);

    public void OnPost(int? status) => Describe(status);

    private void Describe(int? status)
    {
        var code = status ?? 500;
        var key = code switch
        {
            404 => "ErrorPage.NotFound",
            400 => "ErrorPage.BadRequest",
            413 => "ErrorPage.TooLarge",
            _ => "ErrorPage.Unexpected",
        };
        Heading = t[key + ".Heading"];
        Message = t[key + ".Message"];
        Response.StatusCode = code;
    }
}
