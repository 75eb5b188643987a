using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace Portico.Web.Data;

/// <summary>
/// Tells whether a failed save was refused by one particular unique index, on SQLite and on PostgreSQL, so a service
/// can answer a lost race on that index (a duplicate name) with its own conflict code and let every other failure
/// propagate as the server error it is.
/// </summary>
/// <remarks>
/// Note: each provider names the violated index differently. SQLite reports <c>SQLITE_CONSTRAINT_UNIQUE</c> (error 19,
/// extended 2067) with the index's columns in the message ("UNIQUE constraint failed: Table.A, Table.B"); a primary-key
/// violation has its own extended code (1555) and is never taken for an index. PostgreSQL reports SQLSTATE 23505 with
/// the constraint (index) name, which the model knows. Both come from the same model, so no index name is spelled here.
/// </remarks>
public static partial class UniqueViolation
{
    public const int SqliteConstraint = 19;
    public const int SqliteConstraintUnique = 2067;
    public const int SqliteConstraintPrimaryKey = 1555;

    /// <summary>
    /// True when <paramref name="exception"/> is a violation of the unique index of <typeparamref name="TEntity"/> over
    /// exactly <paramref name="properties"/> (in the index's order); false for any other failure.
    /// </summary>
    public static bool IsUniqueViolation<TEntity>(this DbContext db, DbUpdateException exception, params string[] properties)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(exception);
        var entity = EntityOf<TEntity>(db);
        var index = entity.GetIndexes().SingleOrDefault(i => i.IsUnique && i.Properties.Select(p => p.Name).SequenceEqual(properties, StringComparer.Ordinal))
            ?? throw new InvalidOperationException($"{typeof(TEntity).Name} has no unique index over ({string.Join(", ", properties)}).");
        return Violates(exception, index);
    }

    /// <summary>
    /// True when <paramref name="exception"/> is a violation of <typeparamref name="TEntity"/>'s primary key (a row
    /// with the same key inserted first, e.g. by a concurrent first save); false for any other failure.
    /// </summary>
    public static bool IsKeyViolation<TEntity>(this DbContext db, DbUpdateException exception)
        where TEntity : class
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(exception);
        var entity = EntityOf<TEntity>(db);
        var key = entity.FindPrimaryKey() ?? throw new InvalidOperationException($"{typeof(TEntity).Name} has no primary key.");
        return Violates(exception, SqliteConstraintPrimaryKey, entity.GetTableName(), key.Properties, key.GetName());
    }

    /// <summary>True when <paramref name="exception"/> is a violation of <paramref name="index"/>.</summary>
    public static bool Violates(DbUpdateException exception, IReadOnlyIndex index)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(index);
        return Violates(exception, SqliteConstraintUnique, index.DeclaringEntityType.GetTableName(), index.Properties, index.GetDatabaseName());
    }

    private static IReadOnlyEntityType EntityOf<TEntity>(DbContext db) =>
        db.Model.FindEntityType(typeof(TEntity)) ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not in the model.");

    /// <summary>
    /// SQLite names the violated columns under its extended code (unique index or primary key); PostgreSQL names the
    /// constraint.
    /// </summary>
    private static bool Violates(
        DbUpdateException exception, int sqliteExtendedCode, string? table, IReadOnlyList<IReadOnlyProperty> columns, string? constraint) =>
        exception.InnerException switch
        {
            SqliteException sqlite when sqlite.SqliteErrorCode == SqliteConstraint && sqlite.SqliteExtendedErrorCode == sqliteExtendedCode =>
                SqliteColumns().Match(sqlite.Message) is { Success: true } match
                    && match.Groups["columns"].Value == string.Join(", ", columns.Select(p => table + "." + p.GetColumnName())),
            PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } postgres => postgres.ConstraintName == constraint,
            _ => false,
        };

    [GeneratedRegex(@"UNIQUE constraint failed: (?<columns>[^']+)'", RegexOptions.CultureInvariant)]
    private static partial Regex SqliteColumns();
}
