namespace Bandwidth.Mfa.SpecDrift; internal static class Program { private static int Main() => 0; }
