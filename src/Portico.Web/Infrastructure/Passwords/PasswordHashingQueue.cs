using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Portico.Web.Infrastructure.Passwords;

public sealed class HashingQueueOptions
{
    /// <summary>Hashes computed at once; 0 means one per processor core.</summary>
    public int Concurrency { get; set; }

    /// <summary>Requests allowed to wait for a hashing slot before new ones are turned away.</summary>
    public int QueueLimit { get; set; } = 64;
}

/// <summary>Thrown when the hashing queue is full; answered with 503 and <c>Retry-After</c>.</summary>
public sealed class HashingQueueFullException : Exception
{
    public HashingQueueFullException()
        : base("The password hashing queue is full.")
    {
    }

    public HashingQueueFullException(string message)
        : base(message)
    {
    }

    public HashingQueueFullException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// A bounded, first-in-first-out queue in front of every Argon2id computation.
/// </summary>
/// <remarks>
/// Blocks CPU and memory exhaustion: each hash costs 19 MiB and tens of milliseconds, so a flood of sign-in
/// attempts must not run hundreds at once. At most one hash per core runs; a short queue absorbs bursts, and past it
/// requests are refused at once (503) instead of piling up, so legitimate sign-ins keep a bounded wait.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "It is a queue: requests wait in it, first in first out.")]
public sealed class PasswordHashingQueue : IDisposable
{
    private readonly ConcurrencyLimiter limiter;

    public PasswordHashingQueue(IOptions<HashingQueueOptions> options)
    {
        var o = options.Value;
        limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = o.Concurrency > 0 ? o.Concurrency : Environment.ProcessorCount,
            QueueLimit = o.QueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    public async Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        using var slot = await EnterAsync(cancellationToken);
        return work();
    }

    /// <summary>
    /// Waits for a hashing slot and holds it until the returned lease is disposed, for work that hashes after a
    /// short step of its own (a sign-in looks its accounts up inside the slot, so waiting requests hold nothing).
    /// </summary>
    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        var lease = await limiter.AcquireAsync(1, cancellationToken);
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            throw new HashingQueueFullException();
        }

        return lease;
    }

    public void Dispose() => limiter.Dispose();
}
