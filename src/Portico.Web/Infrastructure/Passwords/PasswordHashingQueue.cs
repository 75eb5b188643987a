using System.Collections.Concurrent;
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
/// A bounded, first-in-first-out queue in front of every Argon2id computation, worked off by one dedicated thread
/// per hashing slot.
/// </summary>
/// <remarks>
/// Blocks CPU and memory exhaustion: each hash costs 19 MiB and tens of milliseconds, so a flood of sign-in
/// attempts must not run hundreds at once. At most one hash per core runs; a short queue absorbs bursts, and past it
/// requests are refused at once (503) instead of piling up, so legitimate sign-ins keep a bounded wait.
/// Note: the hashes run on threads of their own, not on the thread pool: a thread that finishes a hash starts the
/// next queued one at once, as the raw Argon2id benchmark does, instead of handing the turn to a pool thread that
/// first has to be woken (on the 2-core VM the cores sat idle 5–7 % of the time under load that way,
/// docs/benchmarks/signin.md), and the pool keeps its threads for request work.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "It is a queue: requests wait in it, first in first out.")]
public sealed class PasswordHashingQueue : IDisposable
{
    private readonly BlockingCollection<IHashingJob> jobs = new(new ConcurrentQueue<IHashingJob>());
    private readonly Thread[] workers;
    private readonly int capacity;
    private int admitted;

    public PasswordHashingQueue(IOptions<HashingQueueOptions> options)
    {
        var o = options.Value;
        var concurrency = o.Concurrency > 0 ? o.Concurrency : Environment.ProcessorCount;
        capacity = concurrency + Math.Max(0, o.QueueLimit);
        workers = [.. Enumerable.Range(0, concurrency).Select(i => new Thread(Work) { IsBackground = true, Name = $"Portico hashing {i + 1}" })];
        foreach (var worker in workers)
        {
            worker.Start();
        }
    }

    /// <summary>Runs <paramref name="work"/> on a hashing thread in its turn; throws <see cref="HashingQueueFullException"/> when the queue is full.</summary>
    public Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        cancellationToken.ThrowIfCancellationRequested();
        if (Interlocked.Increment(ref admitted) > capacity)
        {
            Interlocked.Decrement(ref admitted);
            throw new HashingQueueFullException();
        }

        var job = new HashingJob<T>(work, cancellationToken);
        try
        {
            jobs.Add(job, CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            // Note: the app is shutting down (no more jobs are taken).
            Interlocked.Decrement(ref admitted);
            throw new HashingQueueFullException();
        }

        return job.Task;
    }

    public void Dispose()
    {
        // Note: the hashing threads finish the jobs already queued, then end; a thread still busy after the wait
        // keeps the collection it reads from (disposing it under the thread would crash the process).
        jobs.CompleteAdding();
        var ended = workers.All(worker => worker.Join(TimeSpan.FromSeconds(5)));
        if (ended)
        {
            jobs.Dispose();
        }
    }

    private void Work()
    {
        Action leave = () => Interlocked.Decrement(ref admitted);
        foreach (var job in jobs.GetConsumingEnumerable())
        {
            job.Run(leave);
        }
    }

    private interface IHashingJob
    {
        /// <summary>Computes, calls <paramref name="leave"/>, then completes the caller's task.</summary>
        void Run(Action leave);
    }

    /// <summary>One queued computation; a caller that gave up (cancelled) before its turn costs no hash.</summary>
    private sealed class HashingJob<T>(Func<T> work, CancellationToken cancellationToken) : IHashingJob
    {
        // Note: continuations go to the thread pool, never onto the hashing thread.
        private readonly TaskCompletionSource<T> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<T> Task => completion.Task;

        // Note: the job leaves the queue before its caller resumes, so a caller that then queues again finds its
        // place free (as a released lease would).
        public void Run(Action leave)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                leave();
                completion.TrySetCanceled(cancellationToken);
                return;
            }

            T result;
            try
            {
                result = work();
            }
            catch (Exception exception)
            {
                leave();
                completion.TrySetException(exception);
                return;
            }

            leave();
            completion.TrySetResult(result);
        }
    }
}
