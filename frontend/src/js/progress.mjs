// The meeting page while an agenda pack is being built: ask how far it has got
// every two seconds, say so (in a live region), and show the pack when it is ready.
const region = document.getElementById('pack-progress')

async function poll () {
  const response = await fetch(region.dataset.progressUrl, { headers: { Accept: 'application/json' } })
  if (!response.ok) return
  const { building } = await response.json()
  if (building.length === 0) {
    window.location.reload()
    return
  }
  region.replaceChildren(...building.map(pack => {
    const line = document.createElement('p')
    line.className = 'govuk-body'
    line.textContent = `${pack.part} pack: ${pack.stage} (${pack.progress}% done).`
    return line
  }))
  window.setTimeout(poll, 2000)
}

if (region && !region.hidden) {
  window.setTimeout(poll, 2000)
}
