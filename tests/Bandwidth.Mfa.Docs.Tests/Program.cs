// The application's entry point as a WebApplicationFactory recipe of the README names it (a partner's own Program),
// in the global namespace like the one the compiler generates for top-level statements. Never run.
public partial class Program
{
}
