using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portico.Migrations.Postgres.Migrations
{
    /// <summary>
    /// User search on PostgreSQL: the trigram GIN index now covers (OrganizationId, SearchKey), so a search reads only
    /// the organization's part of each trigram list; 1–2 character terms (too short for trigrams: 山田, 林) get a GIN
    /// index over (OrganizationId, the key's distinct characters and character pairs). See UserQueries in Features/Users.
    /// </summary>
    public partial class UserSearchIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Accounts_SearchKey",
                table: "Accounts");

            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:btree_gin", ",,")
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,")
                .OldAnnotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_OrganizationId_SearchKey",
                table: "Accounts",
                columns: new[] { "OrganizationId", "SearchKey" })
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "uuid_ops", "gin_trgm_ops" });

            // Note: the distinct characters and character pairs of the folded key; IMMUTABLE so it can be indexed.
            // Queried as portico_search_grams("SearchKey") @> ARRAY[term], always together with the LIKE that decides.
            migrationBuilder.Sql("""
                CREATE FUNCTION portico_search_grams(key text) RETURNS text[]
                LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
                AS $$ SELECT coalesce(array_agg(DISTINCT substr(key, i, n)), '{}')
                      FROM generate_series(1, length(key)) AS i, generate_series(1, 2) AS n WHERE i + n - 1 <= length(key) $$;
                """);
            migrationBuilder.Sql("""
                CREATE INDEX "IX_Accounts_OrganizationId_SearchGrams" ON "Accounts"
                USING gin ("OrganizationId", portico_search_grams("SearchKey"));
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP INDEX IF EXISTS "IX_Accounts_OrganizationId_SearchGrams";""");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS portico_search_grams(text);");

            migrationBuilder.DropIndex(
                name: "IX_Accounts_OrganizationId_SearchKey",
                table: "Accounts");

            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,")
                .OldAnnotation("Npgsql:PostgresExtension:btree_gin", ",,")
                .OldAnnotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_SearchKey",
                table: "Accounts",
                column: "SearchKey")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });
        }
    }
}
