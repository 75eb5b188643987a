using Portico.Web.Infrastructure.BackgroundJobs;

namespace Portico.Web.Infrastructure.Email;

/// <summary>
/// Notices whose sending must not show in the timing of the answer that caused them (the lockout notice of a failed
/// sign-in): the request renders and enqueues the message, <see cref="NoticeMailWorker"/> sends it.
/// </summary>
/// <remarks>
/// Blocks account enumeration by timing: only an existing account can be locked out, so a lockout answer that waited
/// for an SMTP server would differ from a wrong password or an unknown email (SPEC §4: the response never differs).
/// The queue is in-process and bounded, as the recovery queue (ADR-0009): a notice is lost when the process stops
/// before sending it or when a flood fills the queue; the lockout itself is in the audit trail either way.
/// </remarks>
public sealed partial class NoticeMailChannel(ILogger<NoticeMailChannel> logger) : BoundedWorkChannel<EmailMessage>
{
    public void Enqueue(EmailMessage message)
    {
        if (!TryEnqueue(message))
        {
            LogDropped(logger);
        }
    }

    [LoggerMessage(EventId = 7101, Level = LogLevel.Warning, Message = "The notice mail queue is full; a notice was dropped.")]
    private static partial void LogDropped(ILogger logger);
}

/// <summary>Sends queued notices one at a time through the configured <see cref="IEmailSender"/>.</summary>
public sealed partial class NoticeMailWorker(NoticeMailChannel queue, IEmailSender sender, ILogger<NoticeMailWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var message in queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await sender.SendAsync(message, stoppingToken);
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

    [LoggerMessage(EventId = 7102, Level = LogLevel.Error, Message = "A notice could not be sent.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
