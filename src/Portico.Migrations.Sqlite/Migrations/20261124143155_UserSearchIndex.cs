using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portico.Migrations.Sqlite.Migrations
{
    /// <summary>
    /// User search on SQLite: an FTS5 trigram index over each work account's <c>SearchKey</c>, kept in sync with
    /// <c>Accounts</c> by triggers (see UserQueries in Features/Users for how it is queried).
    /// </summary>
    /// <remarks>
    /// Note: the index is contentless (the text already lives in Accounts.SearchKey) and its rowid is
    /// <c>(Organizations.rowid &lt;&lt; 36) | Accounts.rowid</c>, so one organization's entries form one rowid range and a
    /// search reads only that organization's part of each trigram's list. The indexed text ends with U+001F (the key's
    /// own field separator), so every 1–2 character substring starts some indexed trigram; short searches expand to
    /// those trigrams through the AccountSearchTerms vocabulary. Both rowids survive VACUUM because both tables have
    /// indexes (SQLite renumbers only tables without any); a test guards this.
    /// </remarks>
    public partial class UserSearchIndex : Migration
    {
        private static string RowId(string account) => $"(o.rowid << 36) | {account}.rowid";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("CREATE VIRTUAL TABLE AccountSearch USING fts5(SearchKey, content='', columnsize=0, tokenize='trigram case_sensitive 1');");
            migrationBuilder.Sql("CREATE VIRTUAL TABLE AccountSearchTerms USING fts5vocab(AccountSearch, row);");
            migrationBuilder.Sql($"""
                INSERT INTO AccountSearch (rowid, SearchKey)
                SELECT {RowId("a")}, a.SearchKey || char(31)
                FROM Accounts AS a JOIN Organizations AS o ON o.Id = a.OrganizationId;
                """);

            // Note: a contentless index forgets text, so a removal must name exactly the text that was added; the
            // triggers take it from the old row. Only changes of SearchKey or OrganizationId touch the index.
            migrationBuilder.Sql($"""
                CREATE TRIGGER Accounts_AccountSearch_Insert AFTER INSERT ON Accounts WHEN new.OrganizationId IS NOT NULL
                BEGIN
                    INSERT INTO AccountSearch (rowid, SearchKey)
                    SELECT {RowId("new")}, new.SearchKey || char(31) FROM Organizations AS o WHERE o.Id = new.OrganizationId;
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER Accounts_AccountSearch_Delete AFTER DELETE ON Accounts WHEN old.OrganizationId IS NOT NULL
                BEGIN
                    INSERT INTO AccountSearch (AccountSearch, rowid, SearchKey)
                    SELECT 'delete', {RowId("old")}, old.SearchKey || char(31) FROM Organizations AS o WHERE o.Id = old.OrganizationId;
                END;
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER Accounts_AccountSearch_Update AFTER UPDATE OF SearchKey, OrganizationId ON Accounts
                BEGIN
                    INSERT INTO AccountSearch (AccountSearch, rowid, SearchKey)
                    SELECT 'delete', {RowId("old")}, old.SearchKey || char(31) FROM Organizations AS o WHERE o.Id = old.OrganizationId;
                    INSERT INTO AccountSearch (rowid, SearchKey)
                    SELECT {RowId("new")}, new.SearchKey || char(31) FROM Organizations AS o WHERE o.Id = new.OrganizationId;
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Accounts_AccountSearch_Update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Accounts_AccountSearch_Delete;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Accounts_AccountSearch_Insert;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS AccountSearchTerms;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS AccountSearch;");
        }
    }
}
