/** A typed value quoted in a message, cut short so a message never repeats a whole paste. */
export const quote = (value: string, max = 20) => (value.length > max ? `${value.slice(0, max)}…` : value);
