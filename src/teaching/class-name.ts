/** How a class is shown to people (the seed's ClassList.__str__: campus, course, semester), in English and Chinese. */
export function classDisplayNames(campus: string, course: string, semester: number) {
  return {
    displayName: `${campus} · ${course} · term ${semester}`,
    displayNameZh: `${campus} · ${course} · 第${semester}期`,
  };
}
