using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Portico.Web.Features.Relationships;

/// <summary>Stores <see cref="DateTimeOffset"/> properties as UTC <see cref="DateTime"/> columns.</summary>
/// <remarks>
/// Note: the SQLite provider cannot compare or order <see cref="DateTimeOffset"/> columns in SQL (STYLE.md, data);
/// a UTC <see cref="DateTime"/> column compares correctly on both providers, and query parameters go through the
/// same converter, so <c>r.EndsAt &lt;= now</c> runs in the database.
/// </remarks>
public static class UtcConverters
{
    public static readonly ValueConverter<DateTimeOffset, DateTime> DateTimeOffset = new(
        v => v.UtcDateTime,
        v => new System.DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)));

    public static readonly ValueConverter<DateTimeOffset?, DateTime?> NullableDateTimeOffset = new(
        v => v.HasValue ? v.Value.UtcDateTime : null,
        v => v.HasValue ? new System.DateTimeOffset(DateTime.SpecifyKind(v.Value, DateTimeKind.Utc)) : null);
}
