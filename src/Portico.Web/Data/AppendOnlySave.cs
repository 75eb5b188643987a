using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Sessions;

namespace Portico.Web.Data;

/// <summary>
/// Writes a save that only adds sessions and audit events (a sign-in that changes nothing in the account, a sign-in with an unknown email)
/// with statements generated once per model, instead of through EF Core's update pipeline; the audit chain is sealed
/// the same way, inside the same transaction.
/// </summary>
/// <remarks>
/// Note: EF Core generates the SQL of every INSERT anew on each save and runs its batching, command and logging
/// pipeline around it: with the audit sealing, a quarter of a sign-in's request CPU (docs/benchmarks/signin.md,
/// session 8). The statements here come from the same model — table and column names, each property's type mapping
/// and value converter, the store-generated key — so a row written here is the row EF writes (tests compare both on
/// SQLite and PostgreSQL). Any other change in the save (a modified account, a deleted row, another entity type, a
/// caller's transaction) leaves the whole save to EF.
/// </remarks>
internal sealed class AppendOnlySave
{
    private static readonly Type[] AppendOnlyTypes = [typeof(UserSession), typeof(AuditEvent)];
    private static readonly ConditionalWeakTable<IModel, AppendOnlySave> ByModel = [];

    private readonly Dictionary<Type, Insert> inserts;
    private readonly Insert headInsert;
    private readonly string headSelect;
    private readonly string headUpdate;
    private readonly IProperty headSequence;
    private readonly IProperty headHash;
    private readonly IProperty headChain;

    private AppendOnlySave(IModel model, ISqlGenerationHelper sql)
    {
        inserts = AppendOnlyTypes.ToDictionary(t => t, t => Insert.For(Entity(model, t), sql));
        var head = Entity(model, typeof(AuditChainHead));
        headInsert = Insert.For(head, sql);
        headChain = head.GetProperty(nameof(AuditChainHead.Chain));
        headSequence = head.GetProperty(nameof(AuditChainHead.Sequence));
        headHash = head.GetProperty(nameof(AuditChainHead.Hash));
        var table = Table(head, sql);
        headSelect = $"SELECT {Column(headSequence, sql)}, {Column(headHash, sql)} FROM {table} WHERE {Column(headChain, sql)} = {ParameterName(0)}";
        headUpdate = $"UPDATE {table} SET {Column(headSequence, sql)} = {ParameterName(0)}, {Column(headHash, sql)} = {ParameterName(1)} WHERE {Column(headChain, sql)} = {ParameterName(2)}";
    }

    public static AppendOnlySave For(AppDbContext db) =>
        ByModel.GetValue(db.Model, model => new AppendOnlySave(model, db.GetService<ISqlGenerationHelper>()));

    /// <summary>The rows the save adds, when it adds only sessions and audit events and changes nothing else; else null.</summary>
    public static List<EntityEntry>? AddedRows(ChangeTracker tracker)
    {
        List<EntityEntry> added = [];
        foreach (var entry in tracker.Entries())
        {
            if (entry.State == EntityState.Unchanged)
            {
                continue;
            }

            if (entry.State != EntityState.Added || Array.IndexOf(AppendOnlyTypes, entry.Metadata.ClrType) < 0)
            {
                return null;
            }

            added.Add(entry);
        }

        return added;
    }

    /// <summary>
    /// Seals <paramref name="pending"/> after their chains' heads and writes <paramref name="added"/> and the new heads
    /// in <paramref name="transaction"/>; returns the number of rows added.
    /// </summary>
    public async Task<int> WriteAsync(
        AppDbContext db, DbTransaction transaction, SqliteConnectionReuse? reuse,
        List<EntityEntry> added, List<AuditEvent> pending, IReadOnlyList<string> chains, CancellationToken cancellationToken)
    {
        var connection = transaction.Connection!;
        var timeout = db.Database.GetCommandTimeout();
        DbCommand Command(string text)
        {
            var command = connection.CreateCommand();
            command.CommandText = text;
            command.Transaction = transaction;
            if (timeout is { } seconds)
            {
                command.CommandTimeout = seconds;
            }

            return command;
        }

        var heads = new Dictionary<string, (long Sequence, string Hash, bool Stored)>(StringComparer.Ordinal);
        foreach (var chain in chains)
        {
            var select = Command(headSelect);
            Parameter(select, headChain, 0, chain);
            await using var command = reuse?.Reuse(connection, select) ?? select;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            heads[chain] = await reader.ReadAsync(cancellationToken)
                ? (reader.GetInt64(0), reader.GetString(1), true)
                : (0, AuditChain.Genesis, false);
        }

        foreach (var e in pending)
        {
            var head = heads[e.Chain];
            var (sequence, hash) = AuditChain.Seal(e, (head.Sequence, head.Hash));
            heads[e.Chain] = (sequence, hash, head.Stored);
        }

        foreach (var entry in added)
        {
            var insert = inserts[entry.Metadata.ClrType];
            var prepared = Command(insert.Sql);
            for (var i = 0; i < insert.Columns.Length; i++)
            {
                Parameter(prepared, insert.Columns[i], i, entry.CurrentValues[insert.Columns[i]]);
            }

            await using var command = reuse?.Reuse(connection, prepared) ?? prepared;
            if (insert.Generated is { } generated)
            {
                entry.Property(generated).CurrentValue = await command.ExecuteScalarAsync(cancellationToken) is { } value
                    ? Convert.ChangeType(value, generated.ClrType, CultureInfo.InvariantCulture)
                    : throw new InvalidOperationException($"The INSERT into {entry.Metadata.GetTableName()} returned no key.");
            }
            else
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        foreach (var (chain, head) in heads)
        {
            DbCommand write;
            if (head.Stored)
            {
                write = Command(headUpdate);
                Parameter(write, headSequence, 0, head.Sequence);
                Parameter(write, headHash, 1, head.Hash);
                Parameter(write, headChain, 2, chain);
            }
            else
            {
                write = Command(headInsert.Sql);
                var values = new AuditChainHead { Chain = chain, Sequence = head.Sequence, Hash = head.Hash };
                for (var i = 0; i < headInsert.Columns.Length; i++)
                {
                    Parameter(write, headInsert.Columns[i], i, headInsert.Columns[i].GetGetter().GetClrValue(values));
                }
            }

            await using var command = reuse?.Reuse(connection, write) ?? write;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return added.Count;
    }

    // Note: the property's own type mapping converts the value as EF does (enum names, SQLite's text GUIDs and dates).
    private static void Parameter(DbCommand command, IProperty property, int index, object? value) =>
        command.Parameters.Add(property.GetRelationalTypeMapping().CreateParameter(command, ParameterName(index), value, property.IsNullable));

    // Note: "@name" parameters are what both Microsoft.Data.Sqlite and Npgsql (which rewrites them) accept.
    private static string ParameterName(int index) => "@p" + index.ToString(CultureInfo.InvariantCulture);

    private static IEntityType Entity(IModel model, Type type) =>
        model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not in the model.");

    private static string Table(IEntityType type, ISqlGenerationHelper sql) =>
        sql.DelimitIdentifier(type.GetTableName()!, type.GetSchema());

    private static string Column(IProperty property, ISqlGenerationHelper sql) =>
        sql.DelimitIdentifier(property.GetColumnName());

    /// <summary>An INSERT of every mapped column but a store-generated key, which it returns.</summary>
    private sealed record Insert(string Sql, IProperty[] Columns, IProperty? Generated)
    {
        public static Insert For(IEntityType type, ISqlGenerationHelper sql)
        {
            if (type.GetProperties().Any(p => p.GetDefaultValueSql() is not null || p.GetComputedColumnSql() is not null)
                || type.GetComplexProperties().Any() || type.GetNavigations().Any(n => n.TargetEntityType.IsOwned()))
            {
                throw new InvalidOperationException($"{type.ClrType.Name} has columns the database fills in; it cannot be written by AppendOnlySave.");
            }

            var key = type.FindPrimaryKey()!.Properties;
            var generated = key is [{ ValueGenerated: ValueGenerated.OnAdd } only] && (only.ClrType == typeof(long) || only.ClrType == typeof(int))
                ? only
                : null;
            var columns = type.GetProperties().Where(p => p != generated).ToArray();
            var text = new StringBuilder("INSERT INTO ").Append(Table(type, sql)).Append(" (")
                .AppendJoin(", ", columns.Select(c => Column(c, sql)))
                .Append(") VALUES (")
                .AppendJoin(", ", columns.Select((_, i) => ParameterName(i)))
                .Append(')');
            if (generated is not null)
            {
                text.Append(" RETURNING ").Append(Column(generated, sql));
            }

            return new Insert(text.ToString(), columns, generated);
        }
    }
}
