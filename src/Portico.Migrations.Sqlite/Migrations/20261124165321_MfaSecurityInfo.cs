using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portico.Migrations.Sqlite.Migrations
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
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "AllowSelfServicePasswordReset",
                table: "Organizations",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "PasswordRecoveryStamp",
                table: "Accounts",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "SecurityInfo",
                columns: table => new
                {
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AuthenticatorKey = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    AuthenticatorAddedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    AuthenticatorLastTimeStep = table.Column<long>(type: "INTEGER", nullable: false),
                    PendingAuthenticatorKey = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    PendingAuthenticatorCreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    AlternateEmail = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    AlternateEmailVerifiedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Phone = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    PhoneVerifiedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    PendingKind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    PendingTarget = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    PendingCodeHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    PendingCodeExpiresUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    PendingCodeAttempts = table.Column<int>(type: "INTEGER", nullable: false),
                    RecoveryMailWindowStartUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RecoveryMailCount = table.Column<int>(type: "INTEGER", nullable: false)
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
