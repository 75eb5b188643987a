using Microsoft.AspNetCore.Http.Features;
using Portico.Web.Features.Sessions;
using Portico.Web.Infrastructure.Api;

namespace Portico.Web.Infrastructure;

public static partial class PortalMiddleware
{
    /// <summary>Largest JSON body any small API endpoint accepts.</summary>
    public const long MaxApiBodyBytes = 64 * 1024;

    private static readonly string[] PasswordChangeAllowed =
        ["/Profile/ChangePassword", "/SignOut", "/Culture", "/api/v1/me/password", "/api/v1/session", "/api/v1/me", "/Error"];

    private static readonly string[] MfaPendingAllowed =
        ["/SignIn/Mfa", "/SignOut", "/Culture", "/api/v1/session/mfa", "/api/v1/session", "/Error",
            "/api/v1/me/authenticator", "/api/v1/me/authenticator/confirm"];

    /// <summary>
    /// Refuses oversized API bodies before they are read (413), so a 1 MB post to a small endpoint costs nothing.
    /// </summary>
    public static IApplicationBuilder UseApiBodyLimit(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            // Note: document uploads (API and the Verification page) carry one 10 MB file; everything else is small.
            // Note: the vendor's earnings import (API and page) carries one CSV file of up to 5,000 rows.
            var upload = IsUpload(context.Request);
            var import = IsEarningsImport(context.Request);
            if (upload || import || SessionAuthenticationHandler.IsApiRequest(context.Request))
            {
                var max = import
                    ? Features.Operator.Incentives.EarningImportService.MaxBytes + (64 * 1024)
                    : upload ? Features.Verification.VerificationApi.MaxUploadRequestBytes : MaxApiBodyBytes;
                if (context.Request.ContentLength > max && !SessionAuthenticationHandler.IsApiRequest(context.Request))
                {
                    context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                    return;
                }

                if (context.Request.ContentLength > max)
                {
                    await new ApiProblem(StatusCodes.Status413PayloadTooLarge, ErrorCodes.RequestTooLarge).ExecuteAsync(context);
                    return;
                }

                if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
                {
                    limit.MaxRequestBodySize = max;
                }
            }

            await next(context);
        });

    /// <summary>The routes that take a verification document: the API's multipart route and the Verification page's form.</summary>
    public static bool IsUpload(HttpRequest request) =>
        HttpMethods.IsPost(request.Method)
        && (UploadRoute().IsMatch(request.Path.Value ?? "") || request.Path.Equals("/Verification", StringComparison.OrdinalIgnoreCase));

    /// <summary>The routes that take an earnings file: the operator API's import and the Import page's form.</summary>
    public static bool IsEarningsImport(HttpRequest request) =>
        HttpMethods.IsPost(request.Method)
        && (request.Path.Equals("/api/v1/operator/incentives/earnings/import", StringComparison.OrdinalIgnoreCase)
            || request.Path.Equals("/Operator/Incentives/Import", StringComparison.OrdinalIgnoreCase));

    [System.Text.RegularExpressions.GeneratedRegex("^/api/v1/orgs/[^/]+/verification/checks/[^/]+/documents/?$", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex UploadRoute();

    /// <summary>
    /// Bodiless error statuses get a body: API routes a problem document (404 <c>not_found</c>, 405
    /// <c>method_not_allowed</c>), pages the localized error page.
    /// </summary>
    public static IApplicationBuilder UsePortalStatusCodePages(this IApplicationBuilder app) =>
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            if (SessionAuthenticationHandler.IsApiRequest(http.Request))
            {
                await new ApiProblem(http.Response.StatusCode, ErrorCodes.ForStatus(http.Response.StatusCode)).ExecuteAsync(http);
                return;
            }

            var originalPath = http.Request.Path;
            var originalQuery = http.Request.QueryString;
            var originalMethod = http.Request.Method;

            // Note: the error page is rendered as a body-less GET, so it never reads the failed request's form
            // (which may carry an invalid antiforgery token).
            var originalContentType = http.Request.ContentType;
            http.Request.Method = HttpMethods.Get;
            http.Request.ContentType = null;
            http.Features.Set<Microsoft.AspNetCore.Antiforgery.IAntiforgeryValidationFeature>(null);
            http.Request.Path = "/Error";
            http.Request.QueryString = new QueryString($"?status={http.Response.StatusCode}");
            http.SetEndpoint(null);
            http.Request.RouteValues.Clear();
            try
            {
                await context.Next(http);
            }
            finally
            {
                http.Request.Path = originalPath;
                http.Request.QueryString = originalQuery;
                http.Request.Method = originalMethod;
                http.Request.ContentType = originalContentType;
            }
        });

    /// <summary>
    /// A session with a temporary password, or still owing its second factor, may do nothing else first.
    /// </summary>
    public static IApplicationBuilder UseSessionGates(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var user = context.User;
            if (user.Identity?.IsAuthenticated == true)
            {
                if (user.MfaPending() && !IsAllowed(context.Request.Path, MfaPendingAllowed))
                {
                    await BlockAsync(context, ErrorCodes.MfaRequired, "/SignIn/Mfa");
                    return;
                }

                if (user.MustChangePassword() && !IsAllowed(context.Request.Path, PasswordChangeAllowed))
                {
                    await BlockAsync(context, ErrorCodes.PasswordChangeRequired, "/Profile/ChangePassword");
                    return;
                }
            }

            await next(context);
        });

    private static bool IsAllowed(PathString path, string[] allowed) =>
        allowed.Any(a => path.Equals(a, StringComparison.OrdinalIgnoreCase))
        || path.StartsWithSegments("/css", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/js", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/favicon.ico", StringComparison.OrdinalIgnoreCase);

    private static async Task BlockAsync(HttpContext context, string error, string page)
    {
        if (SessionAuthenticationHandler.IsApiRequest(context.Request))
        {
            await new ApiProblem(StatusCodes.Status403Forbidden, error).ExecuteAsync(context);
            return;
        }

        var returnUrl = context.Request.PathBase + context.Request.Path + context.Request.QueryString;
        context.Response.Redirect($"{context.Request.PathBase}{page}?returnUrl={Uri.EscapeDataString(returnUrl)}");
    }
}
