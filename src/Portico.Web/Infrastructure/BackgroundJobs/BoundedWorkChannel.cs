using System.Threading.Channels;

namespace Portico.Web.Infrastructure.BackgroundJobs;

/// <summary>
/// In-process, bounded hand-off from a request to a background worker, with a count of the items accepted but not
/// yet handled (the worker calls <see cref="MarkDone"/> for each).
/// </summary>
/// <remarks>
/// Note: when a flood fills it, further items are dropped rather than waited for: the request that enqueues must
/// answer at once and the same way either way. Items are lost when the process stops before handling them.
/// </remarks>
public abstract class BoundedWorkChannel<T>
{
    public const int Capacity = 1000;

    private readonly Channel<T> channel = Channel.CreateBounded<T>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private int pending;

    public ChannelReader<T> Reader => channel.Reader;

    /// <summary>Items accepted but not yet handled.</summary>
    public int Pending => Volatile.Read(ref pending);

    /// <summary>Accepts <paramref name="item"/> unless the channel is full.</summary>
    public bool TryEnqueue(T item)
    {
        Interlocked.Increment(ref pending);
        if (channel.Writer.TryWrite(item))
        {
            return true;
        }

        Interlocked.Decrement(ref pending);
        return false;
    }

    internal void MarkDone() => Interlocked.Decrement(ref pending);

    /// <summary>Waits until every accepted item was handled (tests; shutdown).</summary>
    public async Task WaitUntilIdleAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Pending > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{GetType().Name}: items are still being handled.");
            }

            await Task.Delay(10, cancellationToken);
        }
    }
}
