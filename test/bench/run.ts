process.stdout.write('No benchmarks yet: they arrive with the benchmarks issue.\n');
