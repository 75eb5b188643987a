using Portico.Web.Infrastructure.BackgroundJobs;

namespace Portico.Web.Features.Recovery;

/// <summary>A recovery request as the public form received it (the email exactly as typed, never echoed back).</summary>
public sealed record RecoveryRequest(string Email, string? Culture, string? IpAddress);

/// <summary>
/// Hands recovery requests from the public form to <see cref="RecoveryMailWorker"/>, so the HTTP answer is written
/// before any account is looked up.
/// </summary>
/// <remarks>
/// Blocks account enumeration by timing: the request path does the same work whether or not the email exists (it
/// only enqueues); lookup, rate limiting, token issue and mail sending happen off the request. The queue is bounded:
/// when a flood fills it, further requests are dropped (the answer does not change).
/// </remarks>
public sealed class RecoveryRequestChannel : BoundedWorkChannel<RecoveryRequest>;

/// <summary>Processes queued recovery requests one at a time, each in its own DI scope.</summary>
public sealed partial class RecoveryMailWorker(RecoveryRequestChannel queue, IServiceScopeFactory scopes, ILogger<RecoveryMailWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var request in queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<PasswordRecoveryService>().ProcessRequestAsync(request, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e);
            }
            finally
            {
                queue.MarkDone();
            }
        }
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Error, Message = "A password recovery request could not be processed.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
