using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portico.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class MfaSecurityInfo : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "ReauthenticatedUtc",
                table: "Sessions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "AllowSelfServicePasswordReset",
                table: "Organizations",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "PasswordRecoveryStamp",
                table: "Accounts",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "SecurityInfo",
                columns: table => new
                {
                    AccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    AuthenticatorKey = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    AuthenticatorAddedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    AuthenticatorLastTimeStep = table.Column<long>(type: "bigint", nullable: false),
                    PendingAuthenticatorKey = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    PendingAuthenticatorCreatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    AlternateEmail = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    AlternateEmailVerifiedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Phone = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    PhoneVerifiedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    PendingKind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    PendingTarget = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    PendingCodeHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    PendingCodeExpiresUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    PendingCodeAttempts = table.Column<int>(type: "integer", nullable: false),
                    RecoveryMailWindowStartUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    RecoveryMailCount = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SecurityInfo", x => x.AccountId);
                    table.ForeignKey(
                        name: "FK_SecurityInfo_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SecurityInfo");

            migrationBuilder.DropColumn(
                name: "ReauthenticatedUtc",
                table: "Sessions");

            migrationBuilder.DropColumn(
                name: "AllowSelfServicePasswordReset",
                table: "Organizations");

            migrationBuilder.DropColumn(
                name: "PasswordRecoveryStamp",
                table: "Accounts");
        }
    }
}
