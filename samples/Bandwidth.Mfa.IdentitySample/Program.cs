using Bandwidth.Mfa.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

var builder = WebApplication.CreateBuilder(args);

// A real SQLite file, created on first run beside the app (or where ConnectionStrings:Identity points).
var connection = builder.Configuration.GetConnectionString("Identity") ?? "Data Source=" + Path.Combine(builder.Environment.ContentRootPath, "identity-sample.db");
builder.Services.AddDbContext<SampleDbContext>(o => o.UseSqlite(connection));

// Live when a Bandwidth:Mfa section is configured (user secrets, environment); otherwise the embedded sandbox, whose
// outbox the /Outbox page shows.
var live = builder.Configuration.GetSection("Bandwidth:Mfa");
if (live.Exists())
{
    builder.Services.AddBandwidthMfa(live);
}
else
{
    // Locks a number after 3 wrong codes (before Identity's 5), so the sample shows Bandwidth's "try again in" message.
    builder.Services.AddSingleton(provider => new MfaSandbox(new MfaSandboxOptions { MaxFailedVerifications = 3, TimeProvider = provider.GetService<TimeProvider>() }));
    builder.Services.AddBandwidthMfa(o =>
    {
        o.AccountId = MfaSandbox.ExampleAccountId;
        o.Username = MfaSandbox.ExampleUsername;
        o.Password = MfaSandbox.ExamplePassword;
        o.Messaging.From = MfaSandbox.ExampleFrom;
        o.Messaging.ApplicationId = MfaSandbox.ExampleMessagingApplicationId;
        o.Messaging.Message = "Your Identity sample code is {CODE}";
        o.Voice.From = MfaSandbox.ExampleFrom;
        o.Voice.ApplicationId = MfaSandbox.ExampleVoiceApplicationId;
    }).UseSandbox();
}

builder.Services.AddDefaultIdentity<IdentityUser>(o => o.SignIn.RequireConfirmedAccount = false)
    .AddEntityFrameworkStores<SampleDbContext>()
    .AddBandwidthMfaTokenProviders();
builder.Services.AddRazorPages();

var app = builder.Build();
using (var scope = app.Services.CreateScope())
{
    scope.ServiceProvider.GetRequiredService<SampleDbContext>().Database.EnsureCreated();
}

app.UseStaticFiles();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.MapRazorPages();
app.Run();

/// <summary>The sample's database: Identity's tables only.</summary>
public sealed class SampleDbContext(DbContextOptions<SampleDbContext> options) : IdentityDbContext(options);

/// <summary>The entry point, for WebApplicationFactory.</summary>
public partial class Program;
