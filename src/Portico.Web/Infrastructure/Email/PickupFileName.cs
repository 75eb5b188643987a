using System.Globalization;

namespace Portico.Web.Infrastructure.Email;

/// <summary>Names of files dropped into the pickup directory (mail, SMS), sortable in the order they were written.</summary>
public static class PickupFileName
{
    private static long sequence;

    /// <summary>Timestamp, then a per-process sequence number (several messages can share a millisecond, or a fake clock's instant), then a random part.</summary>
    public static string Next(TimeProvider time, string extension)
    {
        ArgumentNullException.ThrowIfNull(time);
        var next = Interlocked.Increment(ref sequence);
        return string.Create(CultureInfo.InvariantCulture, $"{time.GetUtcNow():yyyyMMddTHHmmssfff}-{next:D10}-{Guid.NewGuid():N}{extension}");
    }
}
