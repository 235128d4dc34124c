// Builds the portal's front-end assets into frontend/dist/, which Django serves
// as static files: GOV.UK Frontend compiled with Sass (Arial, no GDS Transport),
// and the GOV.UK Frontend JavaScript with the portal's own small start-up module.
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as sass from 'sass'

const here = dirname(fileURLToPath(import.meta.url))
const dist = join(here, 'dist')
const govuk = join(here, '..', 'node_modules', 'govuk-frontend', 'dist', 'govuk')

mkdirSync(join(dist, 'css'), { recursive: true })
mkdirSync(join(dist, 'js'), { recursive: true })
mkdirSync(join(dist, 'images'), { recursive: true })

const { css } = sass.compile(join(here, 'src', 'scss', 'application.scss'), {
  importers: [new sass.NodePackageImporter()],
  quietDeps: true,
  style: 'compressed'
})
writeFileSync(join(dist, 'css', 'application.css'), css)

copyFileSync(join(govuk, 'govuk-frontend.min.js'), join(dist, 'js', 'govuk-frontend.min.js'))
for (const folder of ['js', 'images']) {
  for (const name of readdirSync(join(here, 'src', folder))) {
    copyFileSync(join(here, 'src', folder, name), join(dist, folder, name))
  }
}
console.log(`Built ${dist}`)
