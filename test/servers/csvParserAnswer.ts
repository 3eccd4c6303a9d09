/**
 * The answer the Continue tests give a `ContinuingModel`: a short reply around one Python code block,
 * long enough that a token limit can cut it inside the block. Shared by the unit, integration and UI
 * tests so all three continue the same text.
 */
export const CSV_PARSER_CODE = [
  'def parse(line, sep=","):',
  '    fields = []',
  '    current = ""',
  '    for char in line:',
  '        if char == sep:',
  '            fields.append(current)',
  '            current = ""',
  '        else:',
  '            current += char',
  '    fields.append(current)',
  '    return fields',
].join('\n');

export const CSV_PARSER_ANSWER = `Here is a parser:\n\n\`\`\`python\n${CSV_PARSER_CODE}\n\`\`\`\n\nIt splits on the separator.\n`;
