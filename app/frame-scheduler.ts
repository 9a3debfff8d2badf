/**
 * Runs `task` at most once per animation frame and never twice at once; a request made while a
 * run is in flight schedules exactly one more run afterwards (latest wins).
 */
export function makeFrameScheduler(task: () => Promise<void>) {
  let inFlight = false;
  let again = false;
  let frame = 0;
  const run = async () => {
    frame = 0;
    inFlight = true;
    try {
      await task();
    } finally {
      inFlight = false;
      if (again) {
        again = false;
        request();
      }
    }
  };
  const request = () => {
    if (inFlight) again = true;
    else if (!frame) frame = requestAnimationFrame(() => void run());
  };
  const cancel = () => {
    if (frame) cancelAnimationFrame(frame);
    frame = 0;
  };
  return { request, cancel };
}
