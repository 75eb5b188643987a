using System.Threading.Channels;

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
public sealed class RecoveryRequestChannel
{
    public const int Capacity = 1000;

    private readonly Channel<RecoveryRequest> channel = Channel.CreateBounded<RecoveryRequest>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private int pending;

    public ChannelReader<RecoveryRequest> Reader => channel.Reader;

    /// <summary>Requests accepted but not yet processed.</summary>
    public int Pending => Volatile.Read(ref pending);

    public bool TryEnqueue(RecoveryRequest request)
    {
        Interlocked.Increment(ref pending);
        if (channel.Writer.TryWrite(request))
        {
            return true;
        }

        Interlocked.Decrement(ref pending);
        return false;
    }

    internal void MarkDone() => Interlocked.Decrement(ref pending);

    /// <summary>Waits until every accepted request was processed (tests; shutdown).</summary>
    public async Task WaitUntilIdleAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Pending > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Recovery requests are still being processed.");
            }

            await Task.Delay(10, cancellationToken);
        }
    }
}

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
