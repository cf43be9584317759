/** Solves the human check's question («Сколько будет 7 плюс 5?») as a person would. */
export function solveHumanCheck(question: string): string {
  const match = /(\d+)\s+(плюс|минус)\s+(\d+)/.exec(question);
  if (!match) throw new Error(`not a human-check question: ${question}`);
  const a = Number(match[1]);
  const b = Number(match[3]);
  return String(match[2] === 'плюс' ? a + b : a - b);
}

/** Asks the API for a challenge and answers it: `{token, answer}` for a request body. */
export async function humanCheckAnswer(baseUrl: string): Promise<{ token: string; answer: string }> {
  const response = await fetch(`${baseUrl}/v1/human-check`);
  if (!response.ok) throw new Error(`GET /v1/human-check: ${response.status}`);
  const { token, question } = (await response.json()) as { token: string; question: string };
  return { token, answer: solveHumanCheck(question) };
}
