using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Portico.Web.Infrastructure.Passwords;

namespace Portico.Web.Infrastructure.Api;

/// <summary>
/// Maps exceptions to problem documents: malformed or oversized bodies are 400/413, a full hashing queue is 503 with
/// <c>Retry-After</c>, a lost optimistic-concurrency race is 409. Anything else is logged and answered 500 without
/// detail. Page requests fall through to the error page.
/// </summary>
public sealed partial class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(exception);

        // Note: the middleware has already switched the path to the error page; the original one decides API or page.
        var path = httpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? httpContext.Request.Path.Value ?? "";
        var isApi = path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase);
        var problem = exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => new ApiProblem(StatusCodes.Status413PayloadTooLarge, ErrorCodes.RequestTooLarge),
            BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType } => new ApiProblem(StatusCodes.Status415UnsupportedMediaType, ErrorCodes.UnsupportedMediaType),
            BadHttpRequestException => new ApiProblem(StatusCodes.Status400BadRequest, ErrorCodes.MalformedRequest),
            HashingQueueFullException => new ApiProblem(StatusCodes.Status503ServiceUnavailable, ErrorCodes.ServerBusy) { RetryAfterSeconds = 1 },
            DbUpdateConcurrencyException => new ApiProblem(StatusCodes.Status409Conflict, ErrorCodes.Conflict),
            _ => null,
        };

        if (problem is null)
        {
            LogUnhandled(logger, exception, path);
            if (!isApi)
            {
                return false;
            }

            problem = new ApiProblem(StatusCodes.Status500InternalServerError, ErrorCodes.InternalError);
        }
        else
        {
            LogRejected(logger, problem.Error, path);
        }

        await problem.ExecuteAsync(httpContext);
        return true;
    }

    [LoggerMessage(EventId = 1000, Level = LogLevel.Error, Message = "Unhandled exception on {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string path);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Rejected request on {Path}: {Error}")]
    private static partial void LogRejected(ILogger logger, string error, string path);
}
