using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portico.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class UserSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Accounts_OrganizationId",
                table: "Accounts");

            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            migrationBuilder.AddColumn<string>(
                name: "SearchKey",
                table: "Accounts",
                type: "character varying(720)",
                maxLength: 720,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_OrganizationId_DisplayName_NormalizedEmail",
                table: "Accounts",
                columns: new[] { "OrganizationId", "DisplayName", "NormalizedEmail" });

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_SearchKey",
                table: "Accounts",
                column: "SearchKey")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Accounts_OrganizationId_DisplayName_NormalizedEmail",
                table: "Accounts");

            migrationBuilder.DropIndex(
                name: "IX_Accounts_SearchKey",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "SearchKey",
                table: "Accounts");

            migrationBuilder.AlterDatabase()
                .OldAnnotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_OrganizationId",
                table: "Accounts",
                column: "OrganizationId");
        }
    }
}
