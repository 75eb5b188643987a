using System.Globalization;
using System.Text.Encodings.Web;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Localization;
using Portico.Web.Features.Sessions;
using Portico.Web.Infrastructure.Api;
using Portico.Web.Resources;

namespace Portico.Web.Infrastructure.RateLimiting;

public sealed class RateLimitOptions
{
    /// <summary>Requests per IP per window on each public form (sign-in, sign-up, recovery, support).</summary>
    public int PublicFormPermits { get; set; } = 30;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>Per-IP limits on every public form (SPEC §4), answered with 429 and <c>Retry-After</c>.</summary>
/// <remarks>
/// Blocks credential stuffing and mail flooding from one address. Per-account protection is smart lockout;
/// CPU protection is the hashing queue.
/// </remarks>
public static class RateLimitPolicies
{
    public const string PublicForm = "public-form";

    public static IServiceCollection AddPortalRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Portico:RateLimits").Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(PublicForm, context =>
            {
                // Note: only POSTs are limited; showing a form is free.
                if (!HttpMethods.IsPost(context.Request.Method))
                {
                    return RateLimitPartition.GetNoLimiter("get");
                }

                var ip = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                return RateLimitPartition.GetFixedWindowLimiter(ip, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.PublicFormPermits,
                    Window = options.Window,
                    QueueLimit = 0,
                });
            });
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
                    ? (int)Math.Ceiling(wait.TotalSeconds)
                    : (int)options.Window.TotalSeconds;
                var http = context.HttpContext;
                if (SessionAuthenticationHandler.IsApiRequest(http.Request))
                {
                    await new ApiProblem(StatusCodes.Status429TooManyRequests, ErrorCodes.TooManyRequests) { RetryAfterSeconds = retryAfter }
                        .ExecuteAsync(http);
                }
                else
                {
                    var t = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
                    http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                    http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                    http.Response.ContentType = "text/html; charset=utf-8";
                    var lang = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
                    await http.Response.WriteAsync(
                        $"<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{HtmlEncoder.Default.Encode(t["Error.too_many_requests"])}</title></head>" +
                        $"<body><main><h1>{HtmlEncoder.Default.Encode(t["Error.too_many_requests"])}</h1><p>{HtmlEncoder.Default.Encode(t["RateLimit.TryAgain", retryAfter])}</p>" +
                        $"<p><a href=\"{http.Request.PathBase}/\">{HtmlEncoder.Default.Encode(t["Nav.Home"])}</a></p></main></body></html>",
                        cancellationToken);
                }
            };
        });
        return services;
    }
}
