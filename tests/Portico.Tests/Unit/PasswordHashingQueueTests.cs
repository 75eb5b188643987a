using Microsoft.Extensions.Options;
using Portico.Web.Infrastructure.Passwords;

namespace Portico.Tests.Unit;

/// <summary>The hashing queue's rules: slots plus queue bound what is admitted, first in first out, cancelled waits cost nothing.</summary>
public sealed class PasswordHashingQueueTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static PasswordHashingQueue Queue(int slots, int waiting) =>
        new(Options.Create(new HashingQueueOptions { Concurrency = slots, QueueLimit = waiting }));

    /// <summary>Occupies the queue's only slot until the returned gate is set.</summary>
    private static (Task<int> Holder, ManualResetEventSlim Gate) Occupy(PasswordHashingQueue queue)
    {
        var gate = new ManualResetEventSlim();
        using var started = new ManualResetEventSlim();
        var holder = Task.Run(() => queue.RunAsync(() => { started.Set(); gate.Wait(TimeSpan.FromSeconds(30)); return 0; }, Ct), Ct);
        Assert.True(started.Wait(TimeSpan.FromSeconds(30), Ct));
        return (holder, gate);
    }

    [Fact]
    public async Task RunAsync_MoreThanSlotsPlusQueue_RefusesTheRestAtOnce()
    {
        using var queue = Queue(slots: 1, waiting: 1);
        var (holder, gate) = Occupy(queue);
        using (gate)
        {
            var queued = queue.RunAsync(() => 2, Ct);
            Assert.Throws<HashingQueueFullException>(() => { _ = queue.RunAsync(() => 3, Ct); });
            gate.Set();
            Assert.Equal(0, await holder);
            Assert.Equal(2, await queued);
        }

        Assert.Equal(4, await queue.RunAsync(() => 4, Ct));
    }

    [Fact]
    public async Task RunAsync_Queued_RunInArrivalOrder()
    {
        using var queue = Queue(slots: 1, waiting: 8);
        var order = new List<int>();
        var (holder, gate) = Occupy(queue);
        using (gate)
        {
            var queued = Enumerable.Range(1, 6).Select(i => queue.RunAsync(() => { order.Add(i); return i; }, Ct)).ToList();
            gate.Set();
            await holder;
            await Task.WhenAll(queued);
        }

        Assert.Equal([1, 2, 3, 4, 5, 6], order);
    }

    [Fact]
    public async Task RunAsync_CancelledBeforeItsTurn_NeverRunsAndFreesItsPlace()
    {
        using var queue = Queue(slots: 1, waiting: 1);
        using var cancel = new CancellationTokenSource();
        var ran = false;
        var (holder, gate) = Occupy(queue);
        using (gate)
        {
            var waiting = queue.RunAsync(() => ran = true, cancel.Token);
            await cancel.CancelAsync();
            gate.Set();
            await holder;
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        }

        Assert.False(ran);
        Assert.Equal(5, await queue.RunAsync(() => 5, Ct));
    }

    [Fact]
    public async Task RunAsync_WorkThrows_FaultsItsTaskAndTheNextRuns()
    {
        using var queue = Queue(slots: 1, waiting: 1);
        await Assert.ThrowsAsync<InvalidOperationException>(() => queue.RunAsync<int>(() => throw new InvalidOperationException("bad hash input"), Ct));
        Assert.Equal(7, await queue.RunAsync(() => 7, Ct));
    }
}
