import { announcedOpsPort, opsServerLine } from './metrics';

describe('announcedOpsPort', () => {
  it("finds the port a process announced among its other lines, and only that process's", () => {
    const output = ['{"level":"warn","msg":"operations endpoint listening is not yet known"}', opsServerLine('api', 41234), 'plain text line', ''].join('\n');
    expect(announcedOpsPort(output, 'api')).toBe(41234);
    expect(announcedOpsPort(output, 'worker')).toBeUndefined();
    expect(announcedOpsPort('', 'api')).toBeUndefined();
  });
});
