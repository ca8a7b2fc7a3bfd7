/**
 * A whole number as the page writes it: its thousands apart (1 000 000), the same in the data
 * card, the status line, the results and the plot's count.
 */
export const grouped = (n: number): string => n.toLocaleString('en-US').replace(/,/g, ' ');
