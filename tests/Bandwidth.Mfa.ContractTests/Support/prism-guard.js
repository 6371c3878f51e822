// Runs Prism for the contract tests and ends it as soon as the test process is gone, even when that process was
// killed before it could stop Prism itself: the tests hold this process's standard input open, so its end (or the
// disappearance of the parent process id) means nobody is left to use the mock.
//
// usage: node prism-guard.js <path of Prism's CLI script> mock <spec> -h 127.0.0.1 -p <port>
'use strict';

const [entry, ...prismArguments] = process.argv.slice(2);
if (!entry) {
  console.error('prism-guard: the path of the Prism CLI script is required');
  process.exit(2);
}

const stop = () => process.exit(0);
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.on('error', stop);
process.stdin.resume();

const parent = Number(process.env.MFA_CONTRACT_TESTS_PID || 0);
if (parent > 0) {
  setInterval(() => {
    try {
      process.kill(parent, 0);
    } catch (error) {
      if (error.code === 'ESRCH') {
        stop();
      }
    }
  }, 1000).unref();
}

// Prism's CLI reads its arguments from process.argv when it is loaded.
process.argv = [process.argv[0], entry, ...prismArguments];
require(entry);
