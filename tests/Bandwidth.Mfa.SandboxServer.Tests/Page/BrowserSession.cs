using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Drawing;
using System.Globalization;
using System.IO;
using System.Linq;
using NUnit.Framework;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace Bandwidth.Mfa.SandboxServer.Tests.Page;

/// <summary>
/// A headless Chromium driven through the system's chromedriver (Debian's <c>chromium</c> and <c>chromium-driver</c>
/// packages). Both are found on PATH, or named by <c>MFA_CHROMIUM</c> and <c>MFA_CHROMEDRIVER</c>; Selenium is given
/// both paths, so Selenium Manager never looks for or downloads a driver or a browser. Where either is missing the test
/// is reported as skipped with one line saying so. Disposing quits the browser, stops the driver and deletes the
/// profile directory; a browser process that outlived its driver is ended by its id.
/// </summary>
public sealed class BrowserSession : IDisposable
{
    /// <summary>The bound of every wait on the page: generous, because a loaded CI machine can be slow; a pass is fast.</summary>
    public static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);

    private readonly ChromeDriverService _service;
    private readonly string _profile;

    private BrowserSession(ChromeDriver driver, ChromeDriverService service, string profile)
    {
        Driver = driver;
        _service = service;
        _profile = profile;
    }

    public ChromeDriver Driver { get; }

    /// <summary>Starts the browser with a window of <paramref name="width"/> × <paramref name="height"/>, or marks the test skipped when there is none.</summary>
    public static BrowserSession Start(int width = 1280, int height = 900)
    {
        var browser = Find("MFA_CHROMIUM", "chromium", "chromium-browser");
        var driverPath = Find("MFA_CHROMEDRIVER", "chromedriver");
        if (browser == null || driverPath == null)
        {
            Assert.Ignore("Browser test skipped: " + (browser == null ? "chromium" : "chromedriver") + " is not installed (apt-get install chromium chromium-driver, or set MFA_CHROMIUM / MFA_CHROMEDRIVER).");
        }

        var profile = Path.Combine(Path.GetTempPath(), "mfa-sandbox-chromium-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(profile);
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(driverPath)!, Path.GetFileName(driverPath));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = browser };
        options.AddArguments(
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--force-color-profile=srgb",
            "--force-device-scale-factor=1",
            "--lang=en-US",
            "--window-size=" + width + "," + height,
            "--user-data-dir=" + profile);
        try
        {
            var driver = new ChromeDriver(service, options, WaitLimit + WaitLimit);
            try
            {
                // --window-size is the outer size; make the page's own viewport the size asked for.
                var inner = (IReadOnlyCollection<object>)driver.ExecuteScript("return [window.innerWidth, window.innerHeight];")!;
                var size = driver.Manage().Window.Size;
                var (innerWidth, innerHeight) = (Convert.ToInt32(inner.First(), CultureInfo.InvariantCulture), Convert.ToInt32(inner.Last(), CultureInfo.InvariantCulture));
                driver.Manage().Window.Size = new Size(size.Width + width - innerWidth, size.Height + height - innerHeight);
            }
            catch
            {
                driver.Quit();
                throw;
            }

            return new BrowserSession(driver, service, profile);
        }
        catch
        {
            service.Dispose();
            DeleteProfile(profile);
            throw;
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds (it may also return null or throw a stale-element error while the page changes).</summary>
    public T WaitFor<T>(Func<IWebDriver, T> condition, string what)
    {
        var wait = new WebDriverWait(Driver, WaitLimit) { Message = "the page did not show " + what + " within " + WaitLimit.TotalSeconds + " s" };
        wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException), typeof(NoSuchElementException));
        return wait.Until(condition);
    }

    public IWebElement ById(string id) => Driver.FindElement(By.Id(id));

    public IReadOnlyCollection<IWebElement> Rows(string testId) => Driver.FindElements(By.CssSelector("[data-testid='" + testId + "']"));

    public string Text(string id) => ById(id).Text;

    public object? Script(string script, params object[] arguments) => Driver.ExecuteScript(script, arguments);

    /// <summary>Opens the outbox and waits until it is live and shows the server's state.</summary>
    public void OpenOutbox(Uri root)
    {
        Driver.Navigate().GoToUrl(root);
        WaitFor(d => d.FindElement(By.Id("live-status")).GetAttribute("data-state") == "live" && d.FindElement(By.TagName("body")).GetAttribute("data-version") != null, "the live outbox");
    }

    public void Dispose()
    {
        var browserIds = new List<int>();
        try
        {
            browserIds.AddRange(ChildrenOf(_service.ProcessId));
            Driver.Quit();
        }
        catch (WebDriverException)
        {
            // The browser is gone already; the driver and the profile are still cleaned up below.
        }
        finally
        {
            Driver.Dispose();
            _service.Dispose();
            foreach (var id in browserIds)
            {
                EndIfRunning(id);
            }

            DeleteProfile(_profile);
        }
    }

    private static string? Find(string variable, params string[] names)
    {
        var named = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrEmpty(named))
        {
            return File.Exists(named) ? Path.GetFullPath(named) : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(directory => names.Select(name => Path.Combine(directory, OperatingSystem.IsWindows() ? name + ".exe" : name)))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>The direct children of a process (the browser that chromedriver started), read from /proc on Linux.</summary>
    private static IEnumerable<int> ChildrenOf(int parent)
    {
        var found = new List<int>();
        if (!OperatingSystem.IsLinux() || parent <= 0)
        {
            return found;
        }

        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var id))
            {
                continue;
            }

            try
            {
                // /proc/<id>/stat: "id (name) state ppid ..."; the name may hold spaces and parentheses, so read after the last ')'.
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat.Substring(stat.LastIndexOf(')') + 2).Split(' ');
                if (fields.Length > 1 && int.TryParse(fields[1], out var ppid) && ppid == parent)
                {
                    found.Add(id);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }

    private static void EndIfRunning(int id)
    {
        try
        {
            using var process = Process.GetProcessById(id);
            if (!process.WaitForExit(5000))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (ArgumentException)
        {
            // Already exited.
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static void DeleteProfile(string profile)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            try
            {
                if (Directory.Exists(profile))
                {
                    Directory.Delete(profile, recursive: true);
                }

                return;
            }
            catch (IOException)
            {
                // A browser helper may still be writing into it while it exits.
                System.Threading.Thread.Sleep(200);
            }
            catch (UnauthorizedAccessException)
            {
                System.Threading.Thread.Sleep(200);
            }
        }
    }
}
