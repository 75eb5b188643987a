using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portico.Migrations.Postgres.Migrations
{
    /// <summary>
    /// User search that returns matches in list order (docs/benchmarks/users.md; ADR-0017). The list now sorts
    /// DisplayName and NormalizedEmail in byte order (collation "C", as SQLite's BINARY), which lets a 52-bit
    /// order-preserving prefix of the name stand for a row's place in the list. Where the RUM access method is installed
    /// (Debian: postgresql-NN-rum) and may be created, an inverted index over each account's trigrams, kept apart per
    /// organization, carries that key with every posting, so a search reads only its organization's matches and
    /// returns them in list order. Without RUM the trigram GIN indexes of UserSearchIndex serve as before;
    /// <c>SELECT portico_enable_ordered_user_search()</c> adds the index later, once the extension is available.
    /// </summary>
    public partial class OrderedUserSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "NormalizedEmail",
                table: "Accounts",
                type: "character varying(254)",
                maxLength: 254,
                nullable: true,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(254)",
                oldMaxLength: 254,
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "DisplayName",
                table: "Accounts",
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(200)",
                oldMaxLength: 200);

            // Note: each character of the name as an order-preserving, prefix-free code (ASCII: 0 + 7 bits; rest of
            // the BMP: 10 + 16 bits; beyond: 11 + 21 bits) packed from bit 51 down and cut at 52 bits. Byte order of
            // UTF-8 is code point order, so name1 < name2 (COLLATE "C") implies key1 <= key2. Below 2^52 the key is
            // exact as float8, the type RUM's distance operators compute in.
            migrationBuilder.Sql("""
                CREATE FUNCTION portico_list_key(name text) RETURNS bigint
                LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
                AS $$
                DECLARE
                    key bigint := 0;
                    used int := 0;
                    i int := 1;
                    n int := length(name);
                    c int;
                    width int;
                    code bigint;
                BEGIN
                    WHILE used < 52 AND i <= n LOOP
                        c := ascii(substr(name, i, 1));
                        IF c < 128 THEN width := 8; code := c;
                        ELSIF c < 65536 THEN width := 18; code := 131072 + c;
                        ELSE width := 23; code := 6291456 + c;
                        END IF;
                        IF used + width <= 52 THEN key := key | (code << (52 - used - width));
                        ELSE key := key | (code >> (used + width - 52));
                        END IF;
                        used := used + width;
                        i := i + 1;
                    END LOOP;
                    RETURN key;
                END $$;
                """);

            // Note: the distinct character trigrams of the folded search key, each prefixed with a 6-character tag of
            // the organization, so that each posting list holds one organization's accounts: a search reads only its
            // organization's postings (a shared trigram list would be read across all organizations). Two
            // organizations sharing a tag cost a few extra postings, never a wrong answer (the search rechecks the
            // organization and the LIKE). A term's trigrams come from the same function (see below).
            migrationBuilder.Sql("""
                CREATE FUNCTION portico_search_trigrams(key text, organization uuid) RETURNS tsvector
                LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
                AS $$ SELECT array_to_tsvector(ARRAY(
                          SELECT DISTINCT t.tag || substr(key, i, 3)
                          FROM generate_series(1, length(key) - 2) AS i, (SELECT substr(md5(organization::text), 1, 6) AS tag) AS t)) $$;
                """);

            // Note: the key and the trigrams are stored generated columns, so every write path (the app, imports, bulk
            // loads) keeps them; they and the index exist only where the RUM extension could be created.
            migrationBuilder.Sql("""
                CREATE FUNCTION portico_enable_ordered_user_search() RETURNS boolean
                LANGUAGE plpgsql
                AS $$
                BEGIN
                    IF to_regclass('"IX_Accounts_SearchTrigrams_ListKey"') IS NOT NULL THEN
                        RETURN true;
                    END IF;
                    IF NOT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'rum') THEN
                        RAISE NOTICE 'portico: the rum extension is not installed; user search uses the trigram GIN indexes';
                        RETURN false;
                    END IF;
                    BEGIN
                        CREATE EXTENSION IF NOT EXISTS rum;
                    EXCEPTION WHEN insufficient_privilege THEN
                        RAISE NOTICE 'portico: not allowed to create the rum extension; user search uses the trigram GIN indexes';
                        RETURN false;
                    END;
                    ALTER TABLE "Accounts"
                        ADD COLUMN "ListKey" bigint GENERATED ALWAYS AS (portico_list_key("DisplayName")) STORED,
                        ADD COLUMN "SearchTrigrams" tsvector GENERATED ALWAYS AS (portico_search_trigrams("SearchKey", "OrganizationId")) STORED;
                    CREATE INDEX "IX_Accounts_SearchTrigrams_ListKey" ON "Accounts"
                        USING rum ("SearchTrigrams" rum_tsvector_addon_ops, "ListKey") WITH (attach = 'ListKey', to = 'SearchTrigrams');
                    RETURN true;
                END $$;
                """);

            // Note: the accounts of one organization whose key contains the term, in list order: the first n by the
            // order key and every account tied with the last of them (the exact order, by name and email, is then
            // taken from this set). Rows after the cursor have keys >= the cursor's, hence "|=>" from just below it.
            // Bitmap scans and sorts are off inside, which leaves the ordered index scan as the only plan without a
            // penalty: the planner does not see that it stops after n rows, and would rather fetch and sort every
            // match, or (a generic plan, not knowing the organization) walk the organization's rows by another index.
            migrationBuilder.Sql("""
                CREATE FUNCTION portico_ordered_user_search(organization uuid, term text, pattern text, after_name text, after_email text, n int)
                RETURNS SETOF uuid
                LANGUAGE plpgsql STABLE PARALLEL SAFE
                SET enable_bitmapscan = off
                SET enable_sort = off
                AS $$
                DECLARE
                    query tsquery;
                    from_key bigint := CASE WHEN after_name IS NULL THEN -1 ELSE portico_list_key(after_name) - 1 END;
                BEGIN
                    SELECT string_agg('''' || replace(replace(l, '\', '\\'), '''', '''''') || '''', ' & ')::tsquery INTO query
                    FROM unnest(tsvector_to_array(portico_search_trigrams(term, organization))) AS l;
                    RETURN QUERY
                        SELECT a."Id" FROM "Accounts" AS a
                        WHERE a."SearchTrigrams" @@ query
                          AND a."OrganizationId" = organization AND a."Kind" = 'Work'
                          AND a."SearchKey" LIKE pattern ESCAPE '\'
                          AND (after_name IS NULL OR (a."DisplayName", a."NormalizedEmail") > (after_name, after_email))
                        ORDER BY a."ListKey" |=> from_key
                        FETCH FIRST n ROWS WITH TIES;
                END $$;
                """);

            migrationBuilder.Sql("SELECT portico_enable_ordered_user_search();");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP INDEX IF EXISTS "IX_Accounts_SearchTrigrams_ListKey";""");
            migrationBuilder.Sql("""ALTER TABLE "Accounts" DROP COLUMN IF EXISTS "SearchTrigrams", DROP COLUMN IF EXISTS "ListKey";""");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS portico_ordered_user_search(uuid, text, text, text, text, int);");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS portico_enable_ordered_user_search();");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS portico_search_trigrams(text, uuid);");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS portico_list_key(text);");

            migrationBuilder.AlterColumn<string>(
                name: "NormalizedEmail",
                table: "Accounts",
                type: "character varying(254)",
                maxLength: 254,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(254)",
                oldMaxLength: 254,
                oldNullable: true,
                oldCollation: "C");

            migrationBuilder.AlterColumn<string>(
                name: "DisplayName",
                table: "Accounts",
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(200)",
                oldMaxLength: 200,
                oldCollation: "C");
        }
    }
}
